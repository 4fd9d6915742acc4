package dev.tailor.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            Files.createDirectories(FashionMnist.cacheRoot());
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
            // Unpack beside the cache and rename into place, so an interrupted fetch never leaves
            // truncated files where the next run would find them.
            Path unpacked = tmp.resolve("unpacked");
            run(tmp, List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()));
            if (Files.exists(cache)) {
                Path stale = Files.createTempDirectory(FashionMnist.cacheRoot(), "stale-");
                Files.move(cache, stale.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
                deleteTree(stale);
            }
            Files.move(unpacked, cache, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(tmp);
        } catch (IOException e) {
            log.println("could not fetch Fashion-MNIST: " + e.getMessage());
            return null;
        }
        return FashionMnist.find(null);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
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
