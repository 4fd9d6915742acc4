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

    private static final List<String> APT_DOWNLOAD = List.of("apt-get", "download", "dataset-fashion-mnist");

    /** The data folder, fetching it first if needed; null (with the reason logged) if it cannot be had. */
    public static Path findOrFetch(Path userDir, java.io.PrintWriter log) {
        Path found = FashionMnist.find(userDir);
        if (found != null || userDir != null) {
            return found;
        }
        return fetch(FashionMnist.cacheRoot(), APT_DOWNLOAD, log) == null ? null : FashionMnist.find(null);
    }

    /**
     * Runs {@code download} in a temp folder under {@code cacheRoot}, unpacks the .deb it leaves there into
     * {@code cacheRoot/fashion-mnist} and returns that folder; null (reason logged) on failure. The temp
     * folder is removed either way.
     */
    static Path fetch(Path cacheRoot, List<String> download, java.io.PrintWriter log) {
        Path cache = cacheRoot.resolve("fashion-mnist");
        Path tmp = null;
        try {
            Files.createDirectories(cacheRoot);
            tmp = Files.createTempDirectory(cacheRoot, "fetch-");
            log.println("Fashion-MNIST not installed: fetching Debian's dataset-fashion-mnist into " + cache);
            run(tmp, download);
            Path deb;
            try (Stream<Path> s = Files.list(tmp)) {
                deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElse(null);
            }
            if (deb == null) {
                log.println(String.join(" ", download) + " produced no .deb");
                return null;
            }
            // Unpack beside the cache and rename into place, so an interrupted fetch never leaves
            // truncated files where the next run would find them.
            Path unpacked = tmp.resolve("unpacked");
            run(tmp, List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()));
            if (Files.exists(cache)) {
                Files.move(cache, tmp.resolve("stale"), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(unpacked, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.println("could not fetch Fashion-MNIST: " + e.getMessage());
            return null;
        } finally {
            deleteTree(tmp);
        }
        return cache;
    }

    /** Best effort: a leftover temp folder is harmless (the next fetch makes its own), so failures are ignored. */
    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // left for the user's cache cleanup; nothing in it is ever read back
        }
    }

    private static void run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out after 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("log.txt")).strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
