package dev.tailor.hardware.dataflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A stage read by more than one stage feeds a Clone stage that copies every token to one stream per reader. */
final class InsertClones implements StreamPass {
    @Override
    public String name() {
        return "insert-clones";
    }

    @Override
    public void apply(StreamGraph g) {
        Map<String, StreamGraph.Node> after = new HashMap<>();
        Map<String, List<StreamGraph.Edge>> outputs = g.outputs();
        for (StreamGraph.Node n : g.nodes()) {
            List<StreamGraph.Edge> out = outputs.getOrDefault(n.name(), List.of());
            if (out.size() < 2) {
                continue;
            }
            String clone = n.name() + ".clone";
            after.put(n.name(), new StreamGraph.Node(clone, StreamGraph.Kind.CLONE, null, n.out(), n.out()));
            g.setInputs(clone, List.of(new StreamGraph.Edge(n.name(), clone, out.get(0).shape(), null)));
            for (StreamGraph.Edge e : out) {
                List<StreamGraph.Edge> in = new ArrayList<>(g.inputs(e.to()));
                in.set(in.indexOf(e), e.from(clone));
                g.setInputs(e.to(), in);
            }
        }
        g.insert(Map.of(), after);
    }
}
