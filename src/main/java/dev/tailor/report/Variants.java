package dev.tailor.report;

import dev.tailor.experiment.Arm;
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

    /**
     * The original (the base network, all skips long, standard topology), then each distinct final
     * wiring of the other arms. A row carries the name of an arm that ended with it, the same name
     * as in the accuracy table: "teacher", then the Tailor arm's ("tailor (remove)") where one ended
     * with that wiring, else the first such arm's. {@link #sharing} names the arms a row stands for.
     */
    static List<VariantEstimate> of(List<ArmResult> rows, HardwareEstimator hw) {
        List<VariantEstimate> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        NetSpec original = original(rows);
        out.add(hw.estimate(originalLabel(rows), original));
        for (NetSpec wiring : alteredWirings(rows, original)) {
            List<String> arms = armsEndingWith(rows, wiring);
            String label = rows.stream().filter(r -> r.arm() == Arm.TAILOR && r.spec().equals(wiring)).map(ArmResult::label).findFirst()
                    .orElse(arms.get(0));
            if (out.stream().anyMatch(v -> v.label().equals(label))) {
                out.add(hw.estimate(label + " " + Plans.letters(wiring.skips()), wiring));
            } else {
                out.add(hw.estimate(label, wiring));
            }
        }
        return out;
    }

    /** "teacher" when the teacher arm ran, else "original": the first hardware row's name. */
    static String originalLabel(List<ArmResult> rows) {
        return rows.stream().anyMatch(r -> r.arm() == Arm.TEACHER) ? Arm.TEACHER.label() : "original";
    }

    /**
     * One sentence naming, for each hardware row that stands for several arms, the arms that ended
     * with its wiring; empty when every row is one arm's.
     */
    static String sharing(List<ArmResult> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (NetSpec wiring : alteredWirings(rows, original(rows))) {
            List<String> arms = armsEndingWith(rows, wiring);
            if (arms.size() > 1) {
                parts.add(String.join(", ", arms) + " end with " + Plans.letters(wiring.skips()));
            }
        }
        return parts.isEmpty() ? "" : "A row is a network, the same for every arm that ended with its wiring: " + String.join("; ", parts) + ".";
    }

    private static List<NetSpec> alteredWirings(List<ArmResult> rows, NetSpec original) {
        List<NetSpec> seen = new ArrayList<>(List.of(original));
        List<NetSpec> out = new ArrayList<>();
        for (ArmResult r : rows) {
            if (r.arm().altersSkips() && !seen.contains(r.spec()) && sameNetwork(r.spec(), original)) {
                seen.add(r.spec());
                out.add(r.spec());
            }
        }
        return out;
    }

    private static List<String> armsEndingWith(List<ArmResult> rows, NetSpec wiring) {
        return rows.stream().filter(r -> r.arm().altersSkips() && r.spec().equals(wiring)).map(ArmResult::label).distinct().toList();
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
