package dev.tailor.cli;

import dev.tailor.fixedpoint.LayerPrecisions;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fixed-point precision file ({@code quantize --profile}, docs/fixed-point.md) as the dataflow
 * model's per-layer widths, so that an estimate costs the design whose accuracy quantize measured.
 *
 * @param global the plan's default widths (accumulator: the widest layer's when it is {@code auto})
 * @param layers every layer of every wiring of the network, its widths from the plan
 */
record PlanWidths(Precision global, Map<String, Precision> layers) {

    /**
     * Whether {@code file} is written as a precision plan ({@code KEY: TYPE} lines) rather than
     * {@code LAYER W/A/ACC} lines. A file with no lines at all (blank or comments only) counts as a
     * plan, so that it is refused for its missing {@code default:} line as quantize refuses it.
     */
    static boolean isPlanFile(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                String s = line.replaceAll("#.*", "").trim();
                if (!s.isEmpty()) {
                    return s.contains(":");
                }
            }
            return true;
        } catch (IOException e) {
            return false; // the caller's reader reports the file
        }
    }

    /**
     * The plan resolved on every uniform wiring (each skip mode in each topology) of {@code base};
     * a layer in several gets the widest of each role (an accumulator depends on what its layer
     * reads). A key naming no layer of any wiring is refused.
     */
    static PlanWidths of(PrecisionPlan plan, NetSpec base) {
        List<LayerPrecisions> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Topology t : Topology.values()) {
            for (SkipMode m : SkipMode.values()) {
                LayerGraph g = base.withTopology(t).withAllSkips(m).graph();
                g.layers().stream().filter(l -> l.op() != Op.BN).forEach(l -> names.add(l.name()));
                all.add(LayerPrecisions.resolveUnfolded(plan, g));
            }
        }
        plan.requireLayers(names, base.model());
        Map<String, LayerPrecisions.Widths> widths = LayerPrecisions.widest(all);
        Map<String, Precision> layers = new TreeMap<>();
        widths.forEach((layer, w) -> layers.put(layer, precision(w)));
        Precision global = precision(LayerPrecisions.defaults(plan, widths));
        return new PlanWidths(global, layers);
    }

    static Precision precision(LayerPrecisions.Widths w) {
        return new Precision(w.weight(), w.result(), w.accum());
    }
}
