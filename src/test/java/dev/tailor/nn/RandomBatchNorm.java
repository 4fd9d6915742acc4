package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.Map;
import java.util.Random;

/** Gives a fresh model's BN layers random scales, shifts and statistics, so that folding them is not a no-op (tests only). */
public final class RandomBatchNorm {
    private RandomBatchNorm() {
    }

    public static void apply(ResNetModel m, long seed) {
        Random rng = new Random(seed);
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            String k = e.getKey();
            if (k.contains(".bn.") || k.matches(".*\\.bn\\d\\..*")) {
                NDArray a = e.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = k.endsWith("Var") || k.endsWith("gamma") ? 0.5f + rng.nextFloat() : (float) rng.nextGaussian() * 0.2f;
                }
                a.set(v);
            }
        }
    }
}
