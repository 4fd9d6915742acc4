package dev.tailor.cli;

import dev.tailor.data.Batch;
import dev.tailor.data.BatchLoader;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.files.NpyFile;
import dev.tailor.net.Shape;

import java.nio.file.Path;

/**
 * {@code quantize --inputs}: the images exactly as the simulation takes them (the same loader, the
 * same float32 normalisation), transposed to N x H x W x C for the channels-last hls4ml file.
 */
final class ChannelsLastInputs {
    private ChannelsLastInputs() {
    }

    static void write(Path file, Dataset data, Normalization norm) {
        Shape s = data.shape();
        int c = s.channels();
        int hw = s.height() * s.width();
        float[] out = new float[Math.toIntExact((long) data.size() * c * hw)];
        int image = 0;
        try (BatchLoader loader = BatchLoader.inOrder(data, norm, 256)) {
            while (loader.hasNext()) {
                Batch b = loader.next();
                float[] x = b.images();
                for (int n = 0; n < b.size(); n++, image++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int p = 0; p < hw; p++) {
                            out[(image * hw + p) * c + ch] = x[(n * c + ch) * hw + p];
                        }
                    }
                }
            }
        }
        NpyFile.writeFloats(file, out, data.size(), s.height(), s.width(), c);
    }
}
