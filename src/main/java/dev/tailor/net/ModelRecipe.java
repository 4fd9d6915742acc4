package dev.tailor.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The few values that rebuild a {@link NetSpec} exactly: what checkpoints and reports store.
 *
 * @param input "CxHxW"
 * @param skips one of long/short/none per block, from the input side
 */
public record ModelRecipe(String model, String input, int classes, int width, String topology, List<String> skips) {

    public static ModelRecipe of(NetSpec spec) {
        List<String> s = new ArrayList<>();
        for (SkipMode m : spec.skips()) {
            s.add(m.label());
        }
        return new ModelRecipe(spec.model(), spec.input().toString(), spec.classes(), spec.stem().channels(),
                spec.topology().label(), s);
    }

    public NetSpec toSpec() {
        NetSpec base = ModelZoo.build(model, Shape.parse(input), classes, width).withTopology(Topology.parse(topology));
        List<SkipMode> modes = new ArrayList<>();
        for (String s : skips) {
            modes.add(SkipMode.parse(s));
        }
        return base.withSkips(modes);
    }
}
