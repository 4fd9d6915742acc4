package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops a ReLU whose input is already a ReLU's output (ReLU(ReLU(x)) = ReLU(x)); its readers read
 * the first ReLU instead. In the standard CIFAR wiring the stem's ReLU feeds block 1's entry ReLU
 * directly: without this pass a dataflow design would get two ReLU stages and a stream between them.
 */
public final class MergeRepeatedRelu implements GraphPass {
    @Override
    public String name() {
        return "merge-repeated-relu";
    }

    @Override
    public LayerGraph apply(LayerGraph graph) {
        Map<String, String> replaced = new LinkedHashMap<>();
        for (Layer l : graph.layers()) {
            String in = l.inputs().isEmpty() ? null : replaced.getOrDefault(l.inputs().get(0), l.inputs().get(0));
            if (l.op() == Op.RELU && graph.layer(in).op() == Op.RELU) {
                replaced.put(l.name(), in);
            }
        }
        return replaced.isEmpty() ? graph : LayerGraph.of(graph.spec(), Rewiring.replace(graph.layers(), replaced));
    }
}
