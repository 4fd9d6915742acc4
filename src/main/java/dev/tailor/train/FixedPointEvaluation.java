package dev.tailor.train;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.Batch;
import dev.tailor.data.BatchLoader;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.fixedpoint.Classes;
import dev.tailor.fixedpoint.FixedPointSimulator;
import dev.tailor.fixedpoint.FixedTensor;
import dev.tailor.fixedpoint.FixedType;
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

    /** Receives every image's output, in dataset order: the logits as raw integers of {@code type}. */
    public interface PerImage {
        void accept(int index, int label, int predicted, long[] raw, FixedType type);
    }

    public static FixedPointEvaluation of(QuantizedNetwork q, Dataset data, Normalization norm, Options o) {
        return of(q, data, norm, o, null);
    }

    /** As above, with each image's logits handed to {@code sink} (null: none). */
    public static FixedPointEvaluation of(QuantizedNetwork q, Dataset data, Normalization norm, Options o, PerImage sink) {
        boolean fast = !o.exactOnly() && FastPathCheck.whyNotExact(q).isEmpty();
        int size = (int) data.shape().elements();
        long correct = 0;
        int n = 0;
        int checked = 0;
        FixedType outType = null;
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
                    if (sink != null) {
                        outType = outType != null ? outType : outputType(q, b, size);
                        FixedType type = outType;
                        for (int i = 0; i < b.size(); i++) {
                            sink.accept(n + i, b.labels()[i], predicted[i], raw(logits[i], type), type);
                        }
                    }
                } else if (sink != null) {
                    FixedTensor[] out = IntStream.range(0, b.size()).parallel()
                            .mapToObj(i -> FixedPointSimulator.logits(q, Arrays.copyOfRange(b.images(), i * size, (i + 1) * size)))
                            .toArray(FixedTensor[]::new);
                    predicted = new int[b.size()];
                    for (int i = 0; i < b.size(); i++) {
                        predicted[i] = Classes.argmax(out[i].values());
                        sink.accept(n + i, b.labels()[i], predicted[i], out[i].raw().clone(), out[i].type());
                    }
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

    /** The logits' type, as the simulation gives it (the output layer's result type). */
    private static FixedType outputType(QuantizedNetwork q, Batch b, int size) {
        return FixedPointSimulator.logits(q, Arrays.copyOfRange(b.images(), 0, size)).type();
    }

    /** Values on the type's grid as its raw integers; a value off the grid is a bug of the fast path. */
    private static long[] raw(double[] values, FixedType type) {
        long[] raw = new long[values.length];
        for (int i = 0; i < raw.length; i++) {
            double scaled = Math.scalb(values[i], type.fraction());
            if (scaled != Math.rint(scaled)) {
                throw new IllegalStateException("fast-path logit " + values[i] + " is not a value of " + type);
            }
            raw[i] = (long) scaled;
        }
        return raw;
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
