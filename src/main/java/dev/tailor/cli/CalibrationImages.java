package dev.tailor.cli;

import dev.tailor.data.BatchLoader;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;

import java.util.stream.IntStream;

/** The first images of a dataset, normalised, unaugmented, back to back: what profiles are measured on. */
final class CalibrationImages {
    private CalibrationImages() {
    }

    static float[] first(Dataset d, Normalization norm, int count) {
        Dataset part = d.subset(IntStream.range(0, Math.min(count, d.size())).toArray(), d.name() + "/calibration");
        try (BatchLoader loader = BatchLoader.inOrder(part, norm, part.size())) {
            return loader.next().images();
        }
    }
}
