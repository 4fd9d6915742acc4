package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Random but well-scaled weights and BN statistics for every layer of a graph (tests only). */
public final class RandomWeights {
    private RandomWeights() {
    }

    public static Weights forGraph(LayerGraph g, long seed) {
        Random rng = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (Layer l : g.layers()) {
            int out = l.out().channels();
            switch (l.op()) {
                case CONV -> {
                    int fanIn = l.in().channels() * l.kernel() * l.kernel();
                    w.put(l.name() + ".weight", gaussian(rng, Math.sqrt(2.0 / fanIn), out, l.in().channels(), l.kernel(), l.kernel()));
                }
                case BN -> {
                    w.put(l.name() + ".gamma", uniform(rng, 0.5, 1.5, out));
                    w.put(l.name() + ".beta", gaussian(rng, 0.1, out));
                    w.put(l.name() + ".runningMean", gaussian(rng, 0.1, out));
                    w.put(l.name() + ".runningVar", uniform(rng, 0.5, 1.5, out));
                }
                case DENSE -> {
                    w.put(l.name() + ".weight", gaussian(rng, Math.sqrt(1.0 / l.in().channels()), out, l.in().channels()));
                    w.put(l.name() + ".bias", gaussian(rng, 0.1, out));
                }
                default -> {
                }
            }
        }
        return new Weights(w);
    }

    private static Tensor gaussian(Random rng, double std, int... shape) {
        float[] v = new float[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
        }
        return new Tensor(shape, v);
    }

    private static Tensor uniform(Random rng, double lo, double hi, int... shape) {
        float[] v = new float[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + rng.nextDouble() * (hi - lo));
        }
        return new Tensor(shape, v);
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
