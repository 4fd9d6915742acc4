package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A ReLU of a tensor that is already non-negative is the identity: the layer disappears and its
 * readers read its input. Non-negative here means a ReLU's output, or a max-pool of a non-negative
 * tensor. In the standard topology this removes block 1's entry ReLU, which repeats the stem's
 * (after the stem's max-pool in the ImageNet family): without the pass a dataflow design would get
 * two ReLU stages and a stream between them.
 */
public final class MergeRepeatedRelu implements GraphPass {
    @Override
    public String name() {
        return "merge-repeated-relu";
    }

    @Override
    public LayerGraph apply(LayerGraph graph) {
        Map<String, String> removed = repeated(graph);
        return removed.isEmpty() ? graph : LayerGraph.of(graph.spec(), Rewiring.replace(graph.layers(), removed));
    }

    /** The ReLUs this pass removes, each mapped to the layer whose output it repeats. */
    public static Map<String, String> repeated(LayerGraph graph) {
        Set<String> nonNegative = new HashSet<>();
        Map<String, String> removed = new LinkedHashMap<>();
        for (Layer l : graph.layers()) {
            boolean inputNonNegative = !l.inputs().isEmpty() && nonNegative.contains(l.inputs().get(0));
            if (l.op() == Op.RELU && inputNonNegative) {
                removed.put(l.name(), l.inputs().get(0));
            }
            if (l.op() == Op.RELU || (l.op() == Op.MAXPOOL && inputNonNegative)) {
                nonNegative.add(l.name());
            }
        }
        return removed;
    }
}
