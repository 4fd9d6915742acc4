package dev.tailor.net.passes;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        Map<String, String> replacedBy = new HashMap<>();
        List<Layer> kept = new ArrayList<>();
        for (Layer l : graph.layers()) {
            List<String> inputs = l.inputs().stream().map(i -> replacedBy.getOrDefault(i, i)).toList();
            if (l.op() == Op.RELU && graph.layer(inputs.get(0)).op() == Op.RELU) {
                replacedBy.put(l.name(), inputs.get(0));
                continue;
            }
            kept.add(inputs.equals(l.inputs()) ? l : new Layer(l.name(), l.op(), inputs, l.in(), l.out(), l.kernel(), l.stride(),
                    l.padding(), l.params(), l.macs(), l.block(), l.onSkip()));
        }
        return replacedBy.isEmpty() ? graph : graph.withLayers(kept);
    }
}
