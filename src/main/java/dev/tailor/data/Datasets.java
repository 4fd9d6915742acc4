package dev.tailor.data;

import dev.tailor.data.audio.FeatureSettings;
import dev.tailor.data.audio.WavFolderReader;
import dev.tailor.data.keywords.CorpusPart;
import dev.tailor.data.keywords.Espeak;
import dev.tailor.data.keywords.KeywordDataset;
import dev.tailor.data.keywords.KeywordSettings;
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
     * @param dir        the folder holding the files (optional for synthetic and fashion-mnist, none for keywords)
     * @param folderSize image size for class-per-folder image trees (ignored otherwise)
     * @param log        where fetching Fashion-MNIST and making the keywords corpus report what they do
     */
    public static DataSplits load(DatasetKind kind, Path dir, Shape folderSize, long seed, PrintWriter log) {
        Path located = locate(kind, dir, log);
        if ((kind == DatasetKind.FOLDER || kind == DatasetKind.WAV_FOLDER) && !hasTrainAndTestFolders(located)) {
            // One tree split in two: read (and decode) it once for both parts.
            Dataset.Split split = oneTreeSplit(kind, located, folderSize, seed);
            return new DataSplits(split.train(), split.validation());
        }
        return new DataSplits(part(kind, located, folderSize, seed, log, DataPart.TRAIN),
                part(kind, located, folderSize, seed, log, DataPart.TEST));
    }

    /** One part only: its files are the only ones read (a class-folder tree without train/test folders is read whole and split). */
    public static Dataset load(DatasetKind kind, Path dir, Shape folderSize, long seed, PrintWriter log, DataPart part) {
        return part(kind, locate(kind, dir, log), folderSize, seed, log, part);
    }

    private static Path locate(DatasetKind kind, Path dir, PrintWriter log) {
        return switch (kind) {
            case SYNTHETIC, KEYWORDS -> null;
            case FASHION_MNIST -> fashionMnistDir(dir, log);
            default -> require(dir, kind);
        };
    }

    private static Dataset part(DatasetKind kind, Path dir, Shape folderSize, long seed, PrintWriter log, DataPart part) {
        boolean train = part == DataPart.TRAIN;
        return switch (kind) {
            case SYNTHETIC -> train ? SyntheticDataset.generate(4096, new Shape(3, 32, 32), 10, seed)
                    : SyntheticDataset.generate(1024, new Shape(3, 32, 32), 10, seed + 1);
            case FASHION_MNIST -> idx("fashion-mnist", dir, part);
            case MNIST -> idx("mnist", dir, part);
            case CIFAR10 -> train ? cifar10Train(dir) : CifarReader.read("cifar10/test", List.of(dir.resolve("test_batch.bin")), false);
            case CIFAR100 -> CifarReader.read("cifar100/" + part, List.of(dir.resolve(train ? "train.bin" : "test.bin")), true);
            case FOLDER, WAV_FOLDER -> folder(kind, dir, folderSize, seed, part);
            case KEYWORDS -> KeywordDataset.load(KeywordSettings.standard(), FashionMnist.cacheRoot(), new Espeak(Espeak.PROGRAM), log,
                    train ? CorpusPart.TRAIN : CorpusPart.TEST).dataset();
        };
    }

    /**
     * Makes the keywords corpus in the cache now unless it is there, so that jobs started later only read it.
     * The corpus does not depend on the training seed: every run reads the same one.
     */
    static void prepareKeywords(PrintWriter log) {
        KeywordDataset.prepare(KeywordSettings.standard(), FashionMnist.cacheRoot(), new Espeak(Espeak.PROGRAM), log);
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

    private static String idxStem(DataPart part) {
        return part == DataPart.TRAIN ? "train" : "t10k";
    }

    private static Dataset idx(String name, Path dir, DataPart part) {
        String stem = idxStem(part);
        return IdxReader.read(name + "/" + part, find(dir, stem + "-images-idx3-ubyte"), find(dir, stem + "-labels-idx1-ubyte"), 10);
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

    private static Dataset cifar10Train(Path dir) {
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
        return CifarReader.read("cifar10/train", train, false);
    }

    /** {@code dir/train} and {@code dir/test} if both exist, else one tree split 80/20 (seeded). */
    private static Dataset folder(DatasetKind kind, Path dir, Shape size, long seed, DataPart part) {
        if (hasTrainAndTestFolders(dir)) {
            return classFolders(kind, kind + "/" + part, dir.resolve(part.toString()), size);
        }
        Dataset.Split s = oneTreeSplit(kind, dir, size, seed);
        return part == DataPart.TRAIN ? s.train() : s.validation();
    }

    /** A class-folder tree without train/test folders, split 80/20 (seeded): the same split whichever part is asked for. */
    private static Dataset.Split oneTreeSplit(DatasetKind kind, Path dir, Shape size, long seed) {
        return classFolders(kind, kind.label(), dir, size).split(0.2, seed);
    }

    /** Images resized to {@code size}, or WAV files as log-mel spectrograms (their own size). */
    private static Dataset classFolders(DatasetKind kind, String name, Path root, Shape size) {
        return kind == DatasetKind.WAV_FOLDER ? WavFolderReader.read(name, root, FeatureSettings.standard())
                : ImageFolderReader.read(name, root, size);
    }

    private static boolean hasTrainAndTestFolders(Path dir) {
        return Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
    }

    /** Whether {@code dir} holds the IDX image file of any of {@code parts}. */
    static boolean hasIdxFiles(Path dir, DataPart... parts) {
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> stems = java.util.Arrays.stream(parts).map(Datasets::idxStem).map(stem -> stem + "-images-idx3-ubyte").toList();
            return s.map(p -> p.getFileName().toString()).anyMatch(n -> stems.stream().anyMatch(n::startsWith));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
