package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Add of two convs that read the same tensor with the same geometry is one conv with the summed
 * weights and biases. This is how a shortened bottleneck's last short projection folds into conv3
 * (both are 1x1 convs of the same input, no ReLU between them and the add). Run after
 * {@link FoldBatchNorm}: an Add of two BN outputs does not qualify.
 */
public final class MergeParallelConvs implements DeployPass {
    @Override
    public String name() {
        return "merge-parallel-convs";
    }

    @Override
    public DeployedNetwork apply(DeployedNetwork network) {
        LayerGraph g = network.graph();
        Weights w = network.weights();
        Map<String, String> removed = new LinkedHashMap<>();
        for (Layer add : g.adds()) {
            Layer a = g.layer(add.inputs().get(0));
            Layer b = g.layer(add.inputs().get(1));
            if (!mergeable(g, a, b)) {
                continue;
            }
            w = w.with(a.name() + ".weight", sum(w.get(a.name() + ".weight"), w.get(b.name() + ".weight")))
                    .with(a.name() + ".bias", sum(bias(w, a), bias(w, b)))
                    .withoutPrefix(b.name() + ".");
            removed.put(b.name(), a.name());
            removed.put(add.name(), a.name());
        }
        List<Layer> layers = Rewiring.replace(g.layers(), removed);
        return new DeployedNetwork(LayerGraph.of(g.spec(), layers), w);
    }

    private static boolean mergeable(LayerGraph g, Layer a, Layer b) {
        return a.op() == Op.CONV && b.op() == Op.CONV && a.inputs().equals(b.inputs()) && a.kernel() == b.kernel()
                && a.stride() == b.stride() && a.padding() == b.padding() && a.out().equals(b.out())
                && g.fanOut(a.name()) == 1 && g.fanOut(b.name()) == 1;
    }

    private static Tensor bias(Weights w, Layer conv) {
        String name = conv.name() + ".bias";
        return w.has(name) ? w.get(name) : Tensor.of(new float[conv.out().channels()], conv.out().channels());
    }

    private static Tensor sum(Tensor x, Tensor y) {
        float[] v = x.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += y.values()[i];
        }
        return new Tensor(x.shape(), v);
    }
}
