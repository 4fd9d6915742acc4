package dev.tailor.hardware.dataflow;

import dev.tailor.net.Layer;
import dev.tailor.net.Shape;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A padded conv or max-pool reads a zero-padding stage that widens its input by the padding on every side. */
final class InsertZeroPadding implements StreamPass {
    @Override
    public String name() {
        return "insert-zero-padding";
    }

    @Override
    public void apply(StreamGraph g) {
        Map<String, StreamGraph.Node> before = new HashMap<>();
        for (StreamGraph.Node n : g.nodes()) {
            Layer l = n.layer();
            boolean windowed = n.kind() == StreamGraph.Kind.CONV || n.kind() == StreamGraph.Kind.MAXPOOL;
            if (!windowed || l.padding() == 0) {
                continue;
            }
            Shape in = l.in();
            Shape padded = new Shape(in.channels(), in.height() + 2 * l.padding(), in.width() + 2 * l.padding());
            StreamGraph.Node pad = new StreamGraph.Node(n.name() + ".pad", StreamGraph.Kind.PAD, null, in, padded);
            before.put(n.name(), pad);
            g.setInputs(pad.name(), List.of(g.inputs(n.name()).get(0).to(pad.name())));
            g.setInputs(n.name(), List.of(new StreamGraph.Edge(pad.name(), n.name(), padded, null)));
        }
        g.insert(before, Map.of());
    }
}
