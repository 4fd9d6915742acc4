package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.Map;
import java.util.Random;

/**
 * Initial weights as docs/method.md (section "Model zoo", paragraph "Initial weights") gives them: convs He normal over fan-out,
 * the classifier as PyTorch's {@code nn.Linear} default, BN γ = 1, β = 0, mean 0, variance 1.
 * Drawn from a generator of the model's own in its fixed parameter order: a seed always gives the
 * same weights, and the engine's global generator is left alone.
 */
final class Initialization {
    private Initialization() {
    }

    static void apply(Map<String, Parameter> parameters, long seed) {
        Random rng = new Random(seed);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray a = e.getValue().getArray();
            long[] shape = a.getShape().getShape();
            String name = e.getKey();
            float[] v = new float[Math.toIntExact(a.size())];
            if (name.equals("fc.weight") || name.equals("fc.bias")) {
                long fanIn = name.equals("fc.weight") ? shape[1] : parameters.get("fc.weight").getArray().getShape().get(1);
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            } else if (shape.length == 4 && name.endsWith(".weight")) {
                double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * std);
                }
            } else if (name.endsWith(".gamma") || name.endsWith(".runningVar")) {
                java.util.Arrays.fill(v, 1f);
            } else if (!(name.endsWith(".beta") || name.endsWith(".runningMean"))) {
                throw new IllegalStateException("no initialisation rule for parameter " + name);
            }
            TensorWrites.assign(a, v);
        }
    }
}
