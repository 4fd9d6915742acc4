package dev.tailor.cli;

import dev.tailor.data.FashionMnist;
import dev.tailor.kernels.KernelChooser;
import dev.tailor.kernels.VerdictCache;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the program keeps its convolution verdicts (docs/kernels.md): {@code $TAILOR_KERNEL_CACHE}
 * if set ({@code off}: this process only), else {@code kernels/} in Tailor's cache folder
 * ({@code $TAILOR_CACHE} or {@code ~/.cache/tailor}). Library use keeps them per process unless the
 * caller gives a cache.
 */
final class KernelCacheSetting {
    static final String VARIABLE = "TAILOR_KERNEL_CACHE";

    private KernelCacheSetting() {
    }

    /** The folder, or null for none. */
    static Path folder(Map<String, String> env, Path cacheRoot) {
        String v = env.get(VARIABLE);
        if (v == null || v.isBlank()) {
            return cacheRoot.resolve("kernels");
        }
        return v.equals("off") ? null : Path.of(v);
    }

    static void apply(KernelChooser chooser) {
        Path dir = folder(System.getenv(), FashionMnist.cacheRoot());
        if (dir != null) {
            chooser.useDiskCache(VerdictCache.forThisMachine(dir, line -> System.err.println("tailor: " + line)));
        }
    }
}
