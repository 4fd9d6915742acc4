package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated bytes fed to every reader: each either reads a dataset or refuses the file
 * with the documented {@link InvalidInputException} (naming the file), never anything else — no
 * index error, no negative array size, no out-of-memory from a header that lies.
 */
class ReaderFuzzTest {
    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("tailor-fuzz");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A valid file's bytes with some bytes replaced, some truncation, or nothing changed. */
    private static Arbitrary<byte[]> mutationsOf(byte[] valid) {
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    return b;
                }));
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, valid.length).map(n -> java.util.Arrays.copyOf(valid, n));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        return Arbitraries.oneOf(flipped, truncated, random);
    }

    private static void readsOrRefuses(Runnable read, Path blamed) {
        try {
            read.run();
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).as("names a file").contains(blamed.getParent().toString());
            assertThat(e.getMessage()).doesNotContain("\n");
        }
    }

    @Provide
    Arbitrary<byte[]> idxImages() throws IOException {
        return mutationsOf(gz(ReadersTest.idxImages(6, 5, 4, 0x803)));
    }

    @Property(tries = 300)
    void idxImagesReadOrRefuse(@ForAll("idxImages") byte[] images) throws IOException {
        Path img = dir.resolve("train-images-idx3-ubyte.gz");
        Path lab = dir.resolve("train-labels-idx1-ubyte.gz");
        Files.write(img, images);
        Files.write(lab, gz(ReadersTest.idxLabels(new int[]{0, 1, 2, 3, 4, 5})));
        readsOrRefuses(() -> IdxReader.read("fuzz", img, lab, 10), img);
    }

    @Provide
    Arbitrary<byte[]> idxLabels() throws IOException {
        return mutationsOf(ReadersTest.idxLabels(new int[]{0, 1, 2, 3, 4, 5}));
    }

    @Property(tries = 300)
    void idxLabelsReadOrRefuse(@ForAll("idxLabels") byte[] labels) throws IOException {
        Path img = dir.resolve("train-images-idx3-ubyte");
        Path lab = dir.resolve("train-labels-idx1-ubyte");
        Files.write(img, ReadersTest.idxImages(6, 5, 4, 0x803));
        Files.write(lab, labels);
        readsOrRefuses(() -> IdxReader.read("fuzz", img, lab, 10), lab);
    }

    @Provide
    Arbitrary<byte[]> cifarRecords() {
        byte[] two = new byte[2 * 3073];
        two[0] = 3;
        two[3073] = 7;
        return mutationsOf(two);
    }

    @Property(tries = 200)
    void cifarReadsOrRefuses(@ForAll("cifarRecords") byte[] data) throws IOException {
        Path f = dir.resolve("data_batch_1.bin");
        Files.write(f, data);
        readsOrRefuses(() -> CifarReader.read("fuzz", List.of(f), false), f);
    }

    @Provide
    Arbitrary<byte[]> pngs() throws IOException {
        BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 2, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return mutationsOf(out.toByteArray());
    }

    @Property(tries = 200)
    void imageFoldersReadOrRefuse(@ForAll("pngs") byte[] png) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.write(dir.resolve("a").resolve("x.png"), png);
        Files.write(dir.resolve("b").resolve("y.png"), png);
        readsOrRefuses(() -> ImageFolderReader.read("fuzz", dir, new dev.tailor.net.Shape(3, 8, 8)), dir.resolve("a"));
    }

    @Provide
    Arbitrary<byte[]> wavs() {
        return mutationsOf(dev.tailor.data.audio.TestWavs.pcm16(16_000, 1, dev.tailor.data.audio.TestWavs.tone(440, 16_000, 300)));
    }

    @Property(tries = 200)
    void wavFoldersReadOrRefuse(@ForAll("wavs") byte[] wav) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.write(dir.resolve("a").resolve("x.wav"), wav);
        Files.write(dir.resolve("b").resolve("y.wav"), wav);
        readsOrRefuses(() -> dev.tailor.data.audio.WavFolderReader.read("fuzz", dir, dev.tailor.data.audio.FeatureSettings.standard()),
                dir.resolve("a"));
    }

    @Provide
    Arbitrary<byte[]> keywordFiles() throws IOException {
        Path tmp = Files.createTempFile("tailor-fuzz", ".kwd");
        try {
            dev.tailor.data.keywords.KeywordFile.write(tmp, new dev.tailor.data.keywords.KeywordPart(
                    dev.tailor.data.keywords.CorpusPart.TEST, new dev.tailor.net.Shape(1, 4, 3), List.of("yes", "no"),
                    List.of(new dev.tailor.data.keywords.Speaker("en", "m1"), new dev.tailor.data.keywords.Speaker("en-us", "f2")),
                    new int[]{0, 1}, new int[]{1, 0}, new byte[24]));
            return mutationsOf(Files.readAllBytes(tmp));
        } finally {
            Files.delete(tmp);
        }
    }

    @Property(tries = 200)
    void keywordFilesReadOrRefuse(@ForAll("keywordFiles") byte[] kwd) throws IOException {
        Path f = dir.resolve("test.kwd");
        Files.write(f, kwd);
        readsOrRefuses(() -> dev.tailor.data.keywords.KeywordFile.read(f), f);
    }

    private static byte[] gz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
