package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every BN that directly follows a conv (read by nothing else) becomes that conv's scale and bias:
 * {@code W' = W·s}, {@code b' = b·s + β − μ·s} with {@code s = γ / sqrt(σ² + ε)} per output
 * channel. The BN layer disappears and its readers read the conv.
 */
public final class FoldBatchNorm implements DeployPass {
    @Override
    public String name() {
        return "fold-batchnorm";
    }

    @Override
    public DeployedNetwork apply(DeployedNetwork network) {
        LayerGraph g = network.graph();
        Weights w = network.weights();
        Map<String, String> removed = new LinkedHashMap<>();
        Map<String, Layer> grown = new LinkedHashMap<>();
        for (Layer bn : g.layers()) {
            if (bn.op() != Op.BN) {
                continue;
            }
            Layer conv = g.layer(bn.inputs().get(0));
            if (conv.op() != Op.CONV || g.fanOut(conv.name()) != 1) {
                continue;
            }
            w = fold(w, conv.name(), bn.name());
            removed.put(bn.name(), conv.name());
            grown.put(conv.name(), conv.withParams(conv.params() + conv.out().channels()));
        }
        List<Layer> layers = new ArrayList<>();
        for (Layer l : Rewiring.replace(g.layers(), removed)) {
            Layer bigger = grown.get(l.name());
            layers.add(bigger == null ? l : bigger.withInputs(l.inputs()));
        }
        for (String bn : removed.keySet()) {
            w = w.withoutPrefix(bn + ".");
        }
        return new DeployedNetwork(LayerGraph.of(g.spec(), layers), w);
    }

    private static Weights fold(Weights w, String conv, String bn) {
        Tensor kernel = w.get(conv + ".weight");
        float[] gamma = w.get(bn + ".gamma").values();
        float[] beta = w.get(bn + ".beta").values();
        float[] mean = w.get(bn + ".runningMean").values();
        float[] var = w.get(bn + ".runningVar").values();
        int out = kernel.dim(0);
        int per = kernel.values().length / out;
        float[] bias = w.has(conv + ".bias") ? w.get(conv + ".bias").values() : new float[out];
        float[] k = kernel.values().clone();
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double s = gamma[o] / Math.sqrt(var[o] + Op.BN_EPSILON);
            for (int i = 0; i < per; i++) {
                k[o * per + i] = (float) (k[o * per + i] * s);
            }
            b[o] = (float) (bias[o] * s + beta[o] - mean[o] * s);
        }
        return w.with(conv + ".weight", new Tensor(kernel.shape(), k)).with(conv + ".bias", Tensor.of(b, out));
    }
}
