package dev.tailor.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Gets Fashion-MNIST without root: {@code apt-get download dataset-fashion-mnist} into a temp folder,
 * then {@code dpkg-deb -x} into Tailor's cache. Uses only the system's configured Debian mirror.
 */
public final class FashionMnistFetcher {
    private FashionMnistFetcher() {
    }

    /** The data folder, fetching it first if needed; null (with the reason logged) if it cannot be had. */
    public static Path findOrFetch(Path userDir, java.io.PrintStream log) {
        Path found = FashionMnist.find(userDir);
        if (found != null || userDir != null) {
            return found;
        }
        Path cache = FashionMnist.cacheRoot().resolve("fashion-mnist");
        try {
            Files.createDirectories(cache);
            Path tmp = Files.createTempDirectory(FashionMnist.cacheRoot(), "fetch-");
            log.println("Fashion-MNIST not installed: fetching Debian's dataset-fashion-mnist into " + cache);
            run(tmp, List.of("apt-get", "download", "dataset-fashion-mnist"));
            Path deb;
            try (Stream<Path> s = Files.list(tmp)) {
                deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElse(null);
            }
            if (deb == null) {
                log.println("apt-get download produced no .deb");
                return null;
            }
            run(tmp, List.of("dpkg-deb", "-x", deb.toString(), cache.toString()));
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            log.println("could not fetch Fashion-MNIST: " + e.getMessage());
            return null;
        }
        return FashionMnist.find(null);
    }

    private static void run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("log.txt")).strip());
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
