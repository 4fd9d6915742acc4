package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Fashion-MNIST's IDX files may be: a folder the user names, Debian's
 * {@code dataset-fashion-mnist} package location, or Tailor's own cache (where the demo unpacks
 * that package without root).
 */
public final class FashionMnist {
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnist() {
    }

    /** Tailor's cache folder: {@code $TAILOR_CACHE} or {@code ~/.cache/tailor}. */
    public static Path cacheRoot() {
        String env = System.getenv("TAILOR_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "tailor");
    }

    /** The unpacked package's data folder inside the cache. */
    public static Path cachedDir() {
        return cacheRoot().resolve("fashion-mnist").resolve("usr/share/datasets/fashion-mnist");
    }

    public static List<Path> candidates(Path userDir) {
        List<Path> c = new ArrayList<>();
        if (userDir != null) {
            c.add(userDir);
        }
        c.add(DEBIAN_DIR);
        c.add(cachedDir());
        return c;
    }

    /** The first folder that holds the files, or null. */
    public static Path find(Path userDir) {
        if (userDir != null) {
            // The user's folder may hold only the test files (enough for evaluate and quantize); a missing file is named when read.
            return Datasets.hasIdxFiles(userDir, DataPart.TRAIN, DataPart.TEST) ? userDir : null;
        }
        for (Path p : candidates(null)) {
            if (Datasets.hasIdxFiles(p, DataPart.TRAIN)) {
                return p;
            }
        }
        return null;
    }

    static Path locate(Path userDir) {
        Path p = find(userDir);
        if (p == null) {
            throw new InvalidInputException(userDir != null
                    ? userDir + ": no Fashion-MNIST files (train-images-idx3-ubyte.gz, ...) there; install Debian's "
                    + "dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or name the folder that holds them"
                    : "Fashion-MNIST not found in " + DEBIAN_DIR + " or " + cachedDir()
                    + ": install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or name the folder "
                    + "that holds its files (fetching the package with apt-get download failed; see above)");
        }
        return p;
    }
}
