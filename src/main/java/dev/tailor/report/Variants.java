package dev.tailor.report;

import dev.tailor.experiment.ArmResult;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.plans.Plans;
import dev.tailor.net.ModelRecipe;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The networks the hardware tables compare: the original, then each wiring the arms ended with. Estimates. */
final class Variants {
    private Variants() {
    }

    /** The network the comparison is about: a teacher's if there is one, else the first arm's. */
    static NetSpec base(List<ArmResult> rows) {
        return rows.stream().filter(r -> r.arm().isTeacher()).findFirst().orElse(rows.get(0)).spec();
    }

    /** The base network with every skip long in the standard topology. */
    static NetSpec original(List<ArmResult> rows) {
        return base(rows).withTopology(Topology.STANDARD).withAllSkips(SkipMode.LONG);
    }

    /** The original (the base network, all skips long, standard topology), then each distinct final wiring of the other arms. */
    static List<VariantEstimate> of(List<ArmResult> rows, HardwareEstimator hw) {
        List<VariantEstimate> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        NetSpec original = original(rows);
        out.add(hw.estimate("original", original));
        List<NetSpec> seen = new ArrayList<>(List.of(original));
        for (ArmResult r : rows) {
            if (!r.arm().altersSkips() || seen.contains(r.spec()) || !sameNetwork(r.spec(), original)) {
                continue;
            }
            String label = r.target().methodName();
            if (out.stream().anyMatch(v -> v.label().equals(r.target().methodName()))) {
                label += " " + Plans.letters(r.spec().skips());
            }
            seen.add(r.spec());
            out.add(hw.estimate(label, r.spec()));
        }
        return out;
    }

    /** Each arm's own network, estimated (arms that end alike share one estimate). */
    static Map<ArmResult, VariantEstimate> perArm(List<ArmResult> rows, HardwareEstimator hw) {
        Map<NetSpec, VariantEstimate> bySpec = new HashMap<>();
        Map<ArmResult, VariantEstimate> out = new java.util.LinkedHashMap<>();
        rows.forEach(r -> out.put(r, bySpec.computeIfAbsent(r.spec(), s -> hw.estimate(r.label(), s))));
        return out;
    }

    /** Same model, input, classes and width: the wiring may differ. */
    static boolean sameNetwork(NetSpec a, NetSpec b) {
        ModelRecipe x = ModelRecipe.of(a);
        ModelRecipe y = ModelRecipe.of(b);
        return x.model().equals(y.model()) && x.input().equals(y.input()) && x.classes() == y.classes() && x.width() == y.width();
    }
}
