package dev.tailor.data;

import dev.tailor.net.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadersTest {
    private static final java.io.PrintWriter QUIET = new java.io.PrintWriter(java.io.Writer.nullWriter());

    @TempDir
    Path dir;

    static byte[] idxImages(int n, int h, int w, int magic) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(magic);
        o.writeInt(n);
        o.writeInt(h);
        o.writeInt(w);
        for (int i = 0; i < n * h * w; i++) {
            o.writeByte(i % 251);
        }
        return b.toByteArray();
    }

    static byte[] idxLabels(int[] labels) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(0x801);
        o.writeInt(labels.length);
        for (int l : labels) {
            o.writeByte(l);
        }
        return b.toByteArray();
    }

    static void gzip(Path p, byte[] data) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(data);
        }
    }

    @Test
    void idxGzippedAndRaw() throws IOException {
        gzip(dir.resolve("train-images-idx3-ubyte.gz"), idxImages(5, 4, 3, 0x803));
        gzip(dir.resolve("train-labels-idx1-ubyte.gz"), idxLabels(new int[]{0, 1, 2, 9, 4}));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(2, 4, 3, 0x803));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(new int[]{3, 3}));
        DataSplits s = Datasets.load(DatasetKind.parse("mnist"), dir, null, 0, QUIET);
        assertThat(s.train().size()).isEqualTo(5);
        assertThat(s.train().shape()).isEqualTo(new Shape(1, 4, 3));
        assertThat(s.train().label(3)).isEqualTo(9);
        assertThat(s.train().pixel(1, 0)).isEqualTo(12);
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(Datasets.load(DatasetKind.parse("fashion-mnist"), dir, null, 0, QUIET).train().size()).isEqualTo(5);
    }

    @Test
    void aPartReadsOnlyItsOwnFiles() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(2, 4, 3, 0x803));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(new int[]{3, 3}));
        assertThat(Datasets.load(DatasetKind.MNIST, dir, null, 0, QUIET, DataPart.TEST).size()).isEqualTo(2);
        assertThat(Datasets.load(DatasetKind.MNIST, dir, null, 0, QUIET, DataPart.TEST).name()).isEqualTo("mnist/test");
        assertThatThrownBy(() -> Datasets.load(DatasetKind.MNIST, dir, null, 0, QUIET, DataPart.TRAIN))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("train-images-idx3-ubyte");

        Files.write(dir.resolve("test_batch.bin"), new byte[3073]);
        Files.write(dir.resolve("test.bin"), new byte[2 * 3074]);
        assertThat(Datasets.load(DatasetKind.CIFAR10, dir, null, 0, QUIET, DataPart.TEST).size()).isEqualTo(1);
        assertThat(Datasets.load(DatasetKind.CIFAR100, dir, null, 0, QUIET, DataPart.TEST).size()).isEqualTo(2);
        assertThatThrownBy(() -> Datasets.load(DatasetKind.CIFAR10, dir, null, 0, QUIET, DataPart.TRAIN))
                .hasMessageContaining("data_batch_1.bin");

        // Synthetic parts are the same images whether loaded alone or together.
        DataSplits both = Datasets.load(DatasetKind.SYNTHETIC, null, null, 5, QUIET);
        Dataset test = Datasets.load(DatasetKind.SYNTHETIC, null, null, 5, QUIET, DataPart.TEST);
        assertThat(test.size()).isEqualTo(both.test().size());
        assertThat(test.pixel(7, 100)).isEqualTo(both.test().pixel(7, 100));
    }

    @Test
    void idxErrorsNameFileAndProblem() throws IOException {
        Path img = dir.resolve("i");
        Path lab = dir.resolve("l");
        Files.write(img, idxImages(3, 2, 2, 0x999));
        Files.write(lab, idxLabels(new int[]{1, 2, 3}));
        assertThatThrownBy(() -> IdxReader.read("x", img, lab, 10)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(img.toString()).hasMessageContaining("magic");
        byte[] full = idxImages(3, 2, 2, 0x803);
        Files.write(img, java.util.Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> IdxReader.read("x", img, lab, 10)).hasMessageContaining("truncated");
        Files.write(img, full);
        Files.write(lab, idxLabels(new int[]{1, 2}));
        assertThatThrownBy(() -> IdxReader.read("x", img, lab, 10)).hasMessageContaining("2 labels for 3 images");
        Files.write(lab, idxLabels(new int[]{1, 2, 12}));
        assertThatThrownBy(() -> IdxReader.read("x", img, lab, 10)).hasMessageContaining(lab.toString())
                .hasMessageContaining("label 12");
        assertThatThrownBy(() -> Datasets.load(DatasetKind.parse("mnist"), dir.resolve("nope"), null, 0, QUIET)).hasMessageContaining("no such directory");
        // Found by ReaderFuzzTest: a header whose n·h·w overflows even a long must be refused, not read.
        java.nio.ByteBuffer lying = java.nio.ByteBuffer.allocate(16).putInt(0x803).putInt(109_576_198).putInt(109_576_197).putInt(109_576_196);
        Files.write(img, lying.array());
        assertThatThrownBy(() -> IdxReader.read("x", img, lab, 10)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad header: 109576198 images of 109576197x109576196");
    }

    @Test
    void cifar10And100Records() throws IOException {
        byte[] rec10 = new byte[2 * 3073];
        rec10[0] = 7;
        rec10[1] = (byte) 200;
        rec10[3073] = 2;
        rec10[3073 + 1 + 1024] = 5; // first green pixel of image 2
        Files.write(dir.resolve("data_batch_1.bin"), rec10);
        Files.write(dir.resolve("test_batch.bin"), java.util.Arrays.copyOf(rec10, 3073));
        DataSplits s = Datasets.load(DatasetKind.parse("cifar10"), dir, null, 0, QUIET);
        assertThat(s.train().size()).isEqualTo(2);
        assertThat(s.train().label(0)).isEqualTo(7);
        assertThat(s.train().pixel(0, 0)).isEqualTo(200);
        assertThat(s.train().pixel(1, 1024)).isEqualTo(5);

        byte[] rec100 = new byte[3074];
        rec100[0] = 3;
        rec100[1] = 88;
        Files.write(dir.resolve("train.bin"), rec100);
        Files.write(dir.resolve("test.bin"), rec100);
        assertThat(Datasets.load(DatasetKind.parse("cifar100"), dir, null, 0, QUIET).train().label(0)).isEqualTo(88);

        Files.write(dir.resolve("test_batch.bin"), new byte[3000]);
        assertThatThrownBy(() -> Datasets.load(DatasetKind.parse("cifar10"), dir, null, 0, QUIET)).hasMessageContaining("test_batch.bin")
                .hasMessageContaining("not a multiple");
        rec10[0] = 10;
        Files.write(dir.resolve("data_batch_1.bin"), rec10);
        assertThatThrownBy(() -> CifarReader.read("c", List.of(dir.resolve("data_batch_1.bin")), false))
                .hasMessageContaining("label 10");
    }

    @Test
    void aCifarFileThatCannotBeReadIsOneLineNamingTheFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("data_batch_1.bin"));
        assertThatThrownBy(() -> CifarReader.read("c", List.of(folder), false)).isInstanceOf(DataFormatException.class)
                .hasMessage(folder + ": is a folder, not a file");
        // What a read error becomes (as root, which CI is, no file is unreadable, so the mapping is checked directly).
        assertThat(CifarReader.unreadable(folder, new IOException("Permission denied\n\tat somewhere")))
                .isInstanceOf(DataFormatException.class).hasMessage(folder + ": unreadable: Permission denied");
        assertThat(CifarReader.unreadable(folder, new IOException())).hasMessage(folder + ": unreadable: IOException");
    }

    @Test
    void imageFolderResizesAndLabelsBySortedFolder() throws IOException {
        for (String cls : new String[]{"cat", "ant"}) {
            Files.createDirectories(dir.resolve(cls));
            BufferedImage img = new BufferedImage(10, 6, BufferedImage.TYPE_INT_RGB);
            int rgb = cls.equals("cat") ? 0xff0000 : 0x0000ff;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 10; x++) {
                    img.setRGB(x, y, rgb);
                }
            }
            ImageIO.write(img, "png", dir.resolve(cls).resolve("a.png").toFile());
        }
        Files.writeString(dir.resolve("cat").resolve("notes.txt"), "ignored");
        Dataset d = ImageFolderReader.read("f", dir, new Shape(3, 4, 4));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.label(0)).isZero(); // "ant" sorts first
        assertThat(d.pixel(0, 2 * 16)).isEqualTo(255); // ant is blue
        assertThat(d.pixel(1, 0)).isEqualTo(255); // cat is red
        // One tree, no train/test folders: both parts come from one seeded split, read once or part by part alike.
        for (int i = 0; i < 8; i++) {
            Files.copy(dir.resolve("cat").resolve("a.png"), dir.resolve("cat").resolve("c" + i + ".png"));
        }
        DataSplits both = Datasets.load(DatasetKind.FOLDER, dir, new Shape(3, 4, 4), 3, QUIET);
        Dataset test = Datasets.load(DatasetKind.FOLDER, dir, new Shape(3, 4, 4), 3, QUIET, DataPart.TEST);
        assertThat(both.train().size() + both.test().size()).isEqualTo(10);
        assertThat(test.size()).isEqualTo(both.test().size()).isPositive();
        for (int i = 0; i < test.size(); i++) {
            assertThat(test.label(i)).isEqualTo(both.test().label(i));
        }
        Files.writeString(dir.resolve("cat").resolve("b.png"), "not a png");
        assertThatThrownBy(() -> ImageFolderReader.read("f", dir, new Shape(3, 4, 4))).hasMessageContaining("b.png");
    }

    @Test
    void syntheticIsSeededAndSplitsAreDisjoint() {
        Dataset a = SyntheticDataset.generate(200, new Shape(3, 8, 8), 4, 1);
        Dataset b = SyntheticDataset.generate(200, new Shape(3, 8, 8), 4, 1);
        assertThat(a.pixels()).isEqualTo(b.pixels());
        assertThat(SyntheticDataset.generate(200, new Shape(3, 8, 8), 4, 2).pixels()).isNotEqualTo(a.pixels());
        Dataset.Split s = a.split(0.25, 3);
        assertThat(s.train().size() + s.validation().size()).isEqualTo(200);
        assertThat(s.validation().size()).isEqualTo(50);
        // Every image lands in exactly one split (synthetic images are distinct, so pixels identify them).
        java.util.Set<String> all = images(a);
        java.util.Set<String> train = images(s.train());
        java.util.Set<String> validation = images(s.validation());
        assertThat(all).hasSize(200);
        assertThat(train).hasSize(150).doesNotContainAnyElementsOf(validation);
        java.util.Set<String> union = new java.util.HashSet<>(train);
        union.addAll(validation);
        assertThat(union).isEqualTo(all);
    }

    private static java.util.Set<String> images(Dataset d) {
        int n = d.shape().channels() * d.shape().height() * d.shape().width();
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(d.pixels(), i * n, (i + 1) * n)) + "/" + d.label(i));
        }
        return out;
    }

    @Test
    void batchesAreSeededAugmentedAndNormalised() {
        Dataset d = SyntheticDataset.generate(100, new Shape(1, 8, 8), 3, 2);
        Normalization n = Normalization.of(d);
        assertThat(n.mean()[0]).isBetween(100.0, 160.0);
        float[] first;
        try (BatchLoader l = BatchLoader.forTraining(d, n, Augmentation.standard(), 16, 9, 3)) {
            first = l.next().images();
            int count = 1;
            while (l.hasNext()) {
                assertThat(l.next().size()).isEqualTo(16);
                count++;
            }
            assertThat(count).isEqualTo(6);
        }
        try (BatchLoader l = BatchLoader.forTraining(d, n, Augmentation.standard(), 16, 9, 3)) {
            assertThat(l.next().images()).containsExactly(first);
        }
        try (BatchLoader l = BatchLoader.forTraining(d, n, Augmentation.standard(), 16, 9, 4)) {
            assertThat(l.next().images()).isNotEqualTo(first);
        }
        // Evaluation order: unshuffled, unaugmented, last partial batch kept; values are (x - mean) / std.
        try (BatchLoader l = BatchLoader.inOrder(d, n, 64)) {
            Batch b = l.next();
            assertThat(b.images()[5]).isEqualTo((float) ((d.pixel(0, 5) - n.mean()[0]) / n.std()[0]), org.assertj.core.api.Assertions.within(1e-5f));
            assertThat(l.next().size()).isEqualTo(36);
            assertThat(l.hasNext()).isFalse();
        }
    }

    /** Spectrograms are never flipped (their width is time); images are, and the crop still applies to both. */
    @Test
    void samplesMarkedNotMirrorableAreNeverFlipped() {
        int n = 64;
        byte[] px = new byte[n * 8];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 8 * 30); // a ramp along the width: a flip reverses it
        }
        Dataset images = new Dataset("ramps", new Shape(1, 1, 8), 2, px, new int[n]);
        Dataset spectrograms = images.notMirrorable();
        assertThat(images.mirrorable()).isTrue();
        assertThat(spectrograms.mirrorable()).isFalse();
        assertThat(spectrograms.split(0.25, 1).train().mirrorable()).as("its parts keep the mark").isFalse();
        Normalization norm = new Normalization(new double[]{0}, new double[]{1});
        Augmentation flipOnly = new Augmentation(0, true);
        try (BatchLoader l = BatchLoader.forTraining(spectrograms, norm, flipOnly, n, 3, 0)) {
            float[] x = l.next().images();
            for (int i = 0; i < n; i++) {
                assertThat(x[i * 8]).as("sample %d starts low", i).isZero();
            }
        }
        try (BatchLoader l = BatchLoader.forTraining(images, norm, flipOnly, n, 3, 0)) {
            float[] x = l.next().images();
            long flipped = java.util.stream.IntStream.range(0, n).filter(i -> x[i * 8] > 0).count();
            assertThat(flipped).as("about half the images flipped").isBetween(16L, 48L);
        }
    }

    /** A worker that dies with an Error hands it to the consumer instead of leaving it blocked; close() joins the worker. */
    @Test
    void aWorkerThatDiesWithAnErrorDoesNotBlock() throws Exception {
        Thread[] worker = new Thread[1];
        BatchLoader loader = new BatchLoader(out -> {
            worker[0] = Thread.currentThread();
            out.put(new Batch(new float[1], new int[1], 1));
            throw new OutOfMemoryError("simulated");
        });
        assertThat(loader.hasNext()).isTrue();
        loader.next();
        assertThatThrownBy(loader::hasNext).isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
        loader.close();
        assertThat(worker[0].isAlive()).isFalse();
    }
}
