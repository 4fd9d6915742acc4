package dev.tailor.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes small, real-format IDX files (gzipped, Fashion-MNIST names) for tests. */
public final class ReadersTestFiles {
    private ReadersTestFiles() {
    }

    public static void writeIdx(Path dir, int n, int h, int w, int classes) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(n);
        for (String split : new String[]{"train", "t10k"}) {
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextInt(classes);
            }
            ReadersTest.gzip(dir.resolve(split + "-images-idx3-ubyte.gz"), ReadersTest.idxImages(n, h, w, 0x803));
            ReadersTest.gzip(dir.resolve(split + "-labels-idx1-ubyte.gz"), ReadersTest.idxLabels(labels));
        }
    }
}
