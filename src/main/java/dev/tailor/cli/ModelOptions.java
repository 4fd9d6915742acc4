package dev.tailor.cli;

import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Which network: shared by every command that builds one. */
public final class ModelOptions {
    @Option(names = "--model", defaultValue = "resnet8", paramLabel = "NAME",
            description = "Model from the zoo: resnet8/20/32/44/56/110 (CIFAR family), resnet18/34/50 (ImageNet family). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--width", defaultValue = "0", paramLabel = "N",
            description = "Channels of the first stage (0: the family default, 16 or 64).")
    int width;

    @Option(names = "--topology", defaultValue = "standard", paramLabel = "T",
            description = "standard (ReLU at block entry) or short-teacher (ReLU before the add). Default: ${DEFAULT-VALUE}.")
    String topology;

    @Option(names = "--skips", paramLabel = "MODES",
            description = "Skip mode per block, input side first (long, short, none), comma-separated; one value applies to all blocks.")
    String skips;

    /** Builds the network for images of this shape and class count. */
    NetSpec build(Shape input, int classes) {
        NetSpec spec = ModelZoo.build(model, input, classes, width).withTopology(Topology.parse(topology));
        return skips == null ? spec : spec.withSkips(parseSkips(skips, spec.skipCount()));
    }

    static List<SkipMode> parseSkips(String text, int count) {
        List<SkipMode> modes = new ArrayList<>();
        for (String s : text.split(",")) {
            modes.add(SkipMode.parse(s));
        }
        if (modes.size() == 1) {
            return Collections.nCopies(count, modes.get(0));
        }
        if (modes.size() != count) {
            throw new IllegalArgumentException("--skips lists " + modes.size() + " modes but the model has " + count + " skips");
        }
        return modes;
    }
}
