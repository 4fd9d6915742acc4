package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.Shape;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Opens a dataset by kind and folder. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * @param dir        the folder holding the files (optional for synthetic and fashion-mnist)
     * @param folderSize image size for class-per-folder trees (ignored otherwise)
     * @param log        where fetching Fashion-MNIST reports what it does
     */
    public static DataSplits load(DatasetKind kind, Path dir, Shape folderSize, long seed, PrintWriter log) {
        return switch (kind) {
            case SYNTHETIC -> new DataSplits(
                    SyntheticDataset.generate(4096, new Shape(3, 32, 32), 10, seed),
                    SyntheticDataset.generate(1024, new Shape(3, 32, 32), 10, seed + 1));
            case FASHION_MNIST -> idx("fashion-mnist", fashionMnistDir(dir, log));
            case MNIST -> idx("mnist", require(dir, kind));
            case CIFAR10 -> cifar10(require(dir, kind));
            case CIFAR100 -> cifar100(require(dir, kind));
            case FOLDER -> folder(require(dir, kind), folderSize, seed);
        };
    }

    /** A named folder must hold the files; otherwise the usual places, fetching the Debian package if none has them. */
    static Path fashionMnistDir(Path dir, PrintWriter log) {
        Path found = FashionMnistFetcher.findOrFetch(dir, log);
        return found != null ? found : FashionMnist.locate(dir); // locate throws the one-line error
    }

    private static Path require(Path dir, DatasetKind kind) {
        if (dir == null) {
            throw new InvalidInputException("dataset " + kind + " needs the folder that holds its files");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": no such directory");
        }
        return dir;
    }

    static DataSplits idx(String name, Path dir) {
        return new DataSplits(
                IdxReader.read(name + "/train", find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"), 10),
                IdxReader.read(name + "/test", find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"), 10));
    }

    /** The raw or gzipped file with this stem. */
    static Path find(Path dir, String stem) {
        for (String suffix : new String[]{".gz", ""}) {
            Path p = dir.resolve(stem + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException(dir.resolve(stem + ".gz"), "missing (also looked for " + stem + " uncompressed)");
    }

    private static DataSplits cifar10(Path dir) {
        List<Path> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path p = dir.resolve("data_batch_" + i + ".bin");
            if (Files.isRegularFile(p)) {
                train.add(p);
            }
        }
        if (train.isEmpty()) {
            throw new DataFormatException(dir.resolve("data_batch_1.bin"), "missing: no CIFAR-10 training batches in " + dir);
        }
        return new DataSplits(CifarReader.read("cifar10/train", train, false),
                CifarReader.read("cifar10/test", List.of(dir.resolve("test_batch.bin")), false));
    }

    private static DataSplits cifar100(Path dir) {
        return new DataSplits(CifarReader.read("cifar100/train", List.of(dir.resolve("train.bin")), true),
                CifarReader.read("cifar100/test", List.of(dir.resolve("test.bin")), true));
    }

    /** {@code dir/train} and {@code dir/test} if both exist, else one tree split 80/20 (seeded). */
    private static DataSplits folder(Path dir, Shape size, long seed) {
        Path train = dir.resolve("train");
        Path test = dir.resolve("test");
        if (Files.isDirectory(train) && Files.isDirectory(test)) {
            return new DataSplits(ImageFolderReader.read("folder/train", train, size), ImageFolderReader.read("folder/test", test, size));
        }
        Dataset.Split s = ImageFolderReader.read("folder", dir, size).split(0.2, seed);
        return new DataSplits(s.train(), s.validation());
    }

    static boolean hasIdxFiles(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("train-images-idx3-ubyte"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
