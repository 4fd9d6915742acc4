package dev.tailor.net.deploy;

import dev.tailor.net.Layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Layer-list surgery the passes share: drop layers and point their readers elsewhere. */
final class Rewiring {
    private Rewiring() {
    }

    /** {@code layers} without the keys of {@code replaced}; every input naming a key now names its value. */
    static List<Layer> replace(List<Layer> layers, Map<String, String> replaced) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            if (replaced.containsKey(l.name())) {
                continue;
            }
            List<String> inputs = l.inputs().stream().map(i -> resolve(i, replaced)).toList();
            out.add(inputs.equals(l.inputs()) ? l : l.withInputs(inputs));
        }
        return out;
    }

    private static String resolve(String name, Map<String, String> replaced) {
        String n = name;
        while (replaced.containsKey(n)) {
            n = replaced.get(n);
        }
        return n;
    }
}
