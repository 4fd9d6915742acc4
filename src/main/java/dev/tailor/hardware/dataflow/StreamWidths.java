package dev.tailor.hardware.dataflow;

import java.util.HashMap;
import java.util.Map;

/**
 * Bits per channel of every stage's output stream: a layer's result precision; a pad or clone
 * passes its input's width on.
 */
final class StreamWidths {
    private final Map<String, Integer> bits = new HashMap<>();

    StreamWidths(StreamGraph g, DataflowConfig cfg) {
        for (StreamGraph.Node n : g.nodes()) {
            int b = n.layer() != null ? cfg.precisionFor(n.name()).activationBits() : bits.get(g.inputs(n.name()).get(0).from());
            bits.put(n.name(), b);
        }
    }

    int out(String node) {
        return bits.get(node);
    }
}
