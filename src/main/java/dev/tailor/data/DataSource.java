package dev.tailor.data;

import dev.tailor.net.Shape;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Where an experiment's data comes from, written down so that every job of the experiment (in
 * another process, or on another machine of a cluster) loads the same data.
 *
 * @param dir       the folder with the files; null for synthetic data (and for Fashion-MNIST before {@link #located})
 * @param imageSize the size class-folder images are resized to
 */
public record DataSource(DatasetKind kind, Path dir, Shape imageSize) {

    public DataSplits load(long seed, PrintWriter log) {
        return Datasets.load(kind, dir, imageSize, seed, log);
    }

    public Dataset load(long seed, PrintWriter log, DataPart part) {
        return Datasets.load(kind, dir, imageSize, seed, log, part);
    }

    /**
     * The same source with an absolute folder: Fashion-MNIST is looked for (and fetched) now, once,
     * and the keywords corpus made (if it is not cached yet), so that jobs started later neither
     * search, download nor generate.
     */
    public DataSource located(PrintWriter log) {
        if (kind == DatasetKind.KEYWORDS) {
            Datasets.prepareKeywords(log);
        }
        Path found = kind == DatasetKind.FASHION_MNIST ? Datasets.fashionMnistDir(dir, log) : dir;
        return new DataSource(kind, found == null ? null : found.toAbsolutePath().normalize(), imageSize);
    }
}
