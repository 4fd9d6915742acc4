package dev.tailor.hardware.dataflow;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** BatchNorm folds into the conv before it: the BN stage disappears and its readers read the conv. */
final class FoldBatchNorm implements StreamPass {
    @Override
    public String name() {
        return "fold-batchnorm";
    }

    @Override
    public void apply(StreamGraph g) {
        Set<String> removed = new HashSet<>();
        Map<String, String> redirect = new HashMap<>();
        for (StreamGraph.Node n : g.nodes()) {
            if (n.kind() == StreamGraph.Kind.BN) {
                removed.add(n.name());
                redirect.put(n.name(), g.inputs(n.name()).get(0).from());
            }
        }
        g.remove(removed, redirect);
    }
}
