package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import picocli.CommandLine.Option;

import java.util.Collections;
import java.util.List;

/** Which network: shared by every command that builds one. */
public final class ModelOptions {
    @Option(names = "--model", defaultValue = "resnet8", paramLabel = "NAME", completionCandidates = Labels.Models.class,
            description = "Model from the zoo: resnet8/20/32/44/56/110 (CIFAR family), resnet18/34/50 (ImageNet family). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--width", defaultValue = "0", paramLabel = "N",
            description = "Channels of the first stage (0: the family default, 16 or 64).")
    int width;

    @Option(names = "--topology", defaultValue = "standard", paramLabel = "T", completionCandidates = Labels.Topologies.class,
            description = "${COMPLETION-CANDIDATES}: standard (ReLU at block entry) or short-teacher (ReLU before the add, SkipShortener's teacher). Default: ${DEFAULT-VALUE}.")
    Topology topology;

    @Option(names = "--skips", paramLabel = "MODES", split = ",", completionCandidates = Labels.SkipModes.class,
            description = "Skip mode per block, input side first (${COMPLETION-CANDIDATES}), comma-separated; one value applies to all blocks.")
    List<SkipMode> skips;

    /** Builds the network for images of this shape and class count. */
    NetSpec build(Shape input, int classes) {
        NetSpec spec = ModelZoo.build(model, input, classes, width).withTopology(topology);
        MemoryFit.requireWeightsFit(spec, "--width " + width);
        return skips == null ? spec : spec.withSkips(perBlock("--skips", skips, spec.skipCount()));
    }

    /** "long,none,short" (or one mode for all) for a network of {@code count} skips. */
    static List<SkipMode> parseSkips(String option, String text, int count) {
        return perBlock(option, java.util.Arrays.stream(text.split(",")).map(SkipMode::parse).toList(), count);
    }

    /** One mode for every block, or one per block; a wrong count is refused naming {@code option}. */
    static List<SkipMode> perBlock(String option, List<SkipMode> modes, int count) {
        if (modes.size() == 1) {
            return Collections.nCopies(count, modes.get(0));
        }
        if (modes.size() != count) {
            throw new InvalidInputException(option + " lists " + modes.size() + " modes but the model has " + count + " skips");
        }
        return modes;
    }
}
