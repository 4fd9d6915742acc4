package dev.tailor.handoff;

import dev.tailor.errors.InvalidSettingException;
import dev.tailor.net.Topology;

import java.util.Arrays;
import java.util.List;

/**
 * How {@link Importer} reads an ONNX ResNet.
 *
 * @param topologies the topologies to try, in order (where the ReLUs sit; see {@link Topology})
 * @param mean       per-channel input mean on the 0..1 pixel scale of torchvision's {@code ToTensor}
 *                   (one value for every channel, or one per channel)
 * @param std        per-channel standard deviation, same scale
 */
public record ImportOptions(List<Topology> topologies, double[] mean, double[] std) {
    public ImportOptions {
        topologies = List.copyOf(topologies);
        if (topologies.isEmpty()) {
            throw new IllegalArgumentException("no topology to try");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new InvalidSettingException("std", "values must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Either topology, standard first. */
    public static ImportOptions anyTopology(double[] mean, double[] std) {
        return new ImportOptions(List.of(Topology.STANDARD, Topology.SHORT_TEACHER), mean, std);
    }

    public ImportOptions withTopology(Topology t) {
        return new ImportOptions(List.of(t), mean, std);
    }
}
