package dev.tailor.train;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.Batch;
import dev.tailor.data.BatchLoader;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.fixedpoint.Classes;
import dev.tailor.fixedpoint.FixedPointSimulator;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.nn.FastPathCheck;
import dev.tailor.nn.FixedPointEngine;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Top-1 of a fixed-point network on a dataset. Where {@link FastPathCheck} allows, whole batches
 * run on the engine ({@link FixedPointEngine}) and the first {@code check} images are also run
 * through the bit-exact simulation and must give the same logits; otherwise every image goes
 * through the simulation (all cores, slower).
 *
 * @param fastPath whether the engine computed it
 * @param checked  images whose fast-path logits were compared with the simulation's, bit for bit
 */
public record FixedPointEvaluation(double top1, int samples, boolean fastPath, int checked) {

    /** How to evaluate: batch size, images checked against the simulation, and whether to insist on the simulation. */
    public record Options(int batchSize, int check, boolean exactOnly) {
        public static Options defaults() {
            return new Options(256, 32, false);
        }
    }

    public static FixedPointEvaluation of(QuantizedNetwork q, Dataset data, Normalization norm, Options o) {
        boolean fast = !o.exactOnly() && FastPathCheck.whyNotExact(q).isEmpty();
        int size = (int) data.shape().elements();
        long correct = 0;
        int n = 0;
        int checked = 0;
        try (NDManager m = NDManager.newBaseManager();
             FixedPointEngine engine = fast ? new FixedPointEngine(q, m) : null;
             BatchLoader loader = BatchLoader.inOrder(data, norm, o.batchSize())) {
            while (loader.hasNext()) {
                Batch b = loader.next();
                int[] predicted;
                if (fast) {
                    double[][] logits = engine.logits(b.images(), b.size());
                    checked += check(q, b, logits, Math.min(b.size(), o.check() - checked), size);
                    predicted = Arrays.stream(logits).mapToInt(Classes::argmax).toArray();
                } else {
                    predicted = IntStream.range(0, b.size()).parallel()
                            .map(i -> FixedPointSimulator.classify(q, Arrays.copyOfRange(b.images(), i * size, (i + 1) * size))).toArray();
                }
                for (int i = 0; i < b.size(); i++) {
                    correct += predicted[i] == b.labels()[i] ? 1 : 0;
                }
                n += b.size();
            }
        }
        return new FixedPointEvaluation((double) correct / n, n, fast, checked);
    }

    /** The fast path is a copy of the simulation's arithmetic: any difference is a bug, never a user error. */
    private static int check(QuantizedNetwork q, Batch b, double[][] logits, int count, int size) {
        for (int i = 0; i < count; i++) {
            double[] exact = FixedPointSimulator.logits(q, Arrays.copyOfRange(b.images(), i * size, (i + 1) * size)).values();
            if (!Arrays.equals(exact, logits[i])) {
                throw new IllegalStateException("fast path and simulation disagree on an image: " + Arrays.toString(logits[i])
                        + " vs " + Arrays.toString(exact));
            }
        }
        return Math.max(count, 0);
    }
}
