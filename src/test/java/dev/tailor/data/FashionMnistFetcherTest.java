package dev.tailor.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetch path without the network: the "download" command is replaced by a local one. */
class FashionMnistFetcherTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final java.io.PrintWriter log = new java.io.PrintWriter(logBytes, true);

    private List<String> cacheEntries() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A real .deb (built with dpkg-deb, as the Debian package would be) holding one file at the package's path. */
    private Path fakeDeb(String content) throws Exception {
        Path root = dir.resolve("pkg-" + content);
        Path data = root.resolve("usr/share/datasets/fashion-mnist");
        Files.createDirectories(data);
        Files.writeString(data.resolve("marker.txt"), content);
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: fake-fashion-mnist\nVersion: 1\nArchitecture: all\n"
                + "Maintainer: test <test@example.org>\nDescription: test\n");
        Path deb = dir.resolve("fake-" + content + ".deb");
        Process p;
        try {
            p = new ProcessBuilder("dpkg-deb", "--build", root.toString(), deb.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("this test needs dpkg-deb (Debian's dpkg package; the fetcher itself unpacks with it)", e);
        }
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return deb;
    }

    @Test
    void failedDownloadLeavesNoTempFolderAndNoCache() throws IOException {
        Path got = FashionMnistFetcher.fetch(dir.resolve("cache"), List.of("false"), log);

        assertThat(got).isNull();
        assertThat(cacheEntries()).isEmpty();
        assertThat(logBytes.toString()).contains("could not fetch Fashion-MNIST").contains("false failed");
    }

    @Test
    void downloadWithoutDebIsReportedAndCleanedUp() throws IOException {
        Path got = FashionMnistFetcher.fetch(dir.resolve("cache"), List.of("true"), log);

        assertThat(got).isNull();
        assertThat(cacheEntries()).isEmpty();
        assertThat(logBytes.toString()).contains("produced no .deb");
    }

    @Test
    void unpacksTheDebIntoTheCacheAndReplacesAStaleOne() throws Exception {
        Path cacheRoot = dir.resolve("cache");
        Path stale = cacheRoot.resolve("fashion-mnist/usr/share/datasets/fashion-mnist");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("half-written.gz"), "x");
        Path deb = fakeDeb("v1");

        Path got = FashionMnistFetcher.fetch(cacheRoot, List.of("cp", deb.toString(), "."), log);

        assertThat(got).isEqualTo(cacheRoot.resolve("fashion-mnist"));
        Path data = got.resolve("usr/share/datasets/fashion-mnist");
        assertThat(Files.readString(data.resolve("marker.txt"))).isEqualTo("v1");
        assertThat(data.resolve("half-written.gz")).doesNotExist();
        assertThat(cacheEntries()).containsExactly("fashion-mnist");
    }
}
