package dev.tailor.hardware.dataflow;

import dev.tailor.hardware.ShortSkips;
import dev.tailor.net.Layer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A short skip's Add (and its projection, if any) fuses into the output stage of the conv it spans:
 * the Add stage and its skip stream disappear, and the Add's readers read the conv. A ReLU between
 * the conv and its Add (the short block's ReLU before the add) moves into that output stage too,
 * with its stream, as the RTL generator builds it.
 */
final class FuseShortSkips implements StreamPass {
    @Override
    public String name() {
        return "fuse-short-skips";
    }

    @Override
    public void apply(StreamGraph g) {
        ShortSkips skips = new ShortSkips(g.layers());
        Set<String> removed = new HashSet<>();
        Map<String, String> redirect = new HashMap<>();
        Map<String, List<Layer>> fused = new LinkedHashMap<>();
        for (StreamGraph.Node n : g.nodes()) {
            if (n.kind() != StreamGraph.Kind.ADD || !skips.isShortAdd(n.layer())) {
                continue;
            }
            removed.add(n.name());
            String conv = skips.spannedConv(n.layer()).name();
            String from = g.inputs(n.name()).get(0).from();
            while (!from.equals(conv) && g.node(from).kind() == StreamGraph.Kind.RELU) {
                removed.add(from);
                String up = g.inputs(from).get(0).from();
                redirect.put(from, up);
                from = up;
            }
            redirect.put(n.name(), from);
            StreamGraph.Node skipSide = g.node(g.inputs(n.name()).get(1).from());
            if (skipSide.layer() != null && skipSide.layer().onSkip()) {
                removed.add(skipSide.name());
            }
            fused.computeIfAbsent(conv, k -> new ArrayList<>()).add(n.layer());
        }
        g.remove(removed, redirect);
        fused.forEach((conv, adds) -> {
            StreamGraph.Node c = g.node(conv);
            g.replace(new StreamGraph.Node(c.name(), c.kind(), c.layer(), c.in(), c.out(), adds));
        });
    }
}
