package dev.tailor.experiment;

import dev.tailor.method.AlterationTarget;
import dev.tailor.stats.PairedDifference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of the paper's claims tested over seeds: arm {@code a} against arm {@code b} of the same
 * target, paired by seed (same initial weights, same data order), on test top-1.
 * docs/experiments.md, "Seeds and paired comparisons".
 *
 * @param claim what the difference says, e.g. "gradual − all at once"
 * @param seeds the seeds both arms finished with
 */
public record PairedComparison(String claim, ArmSeeds a, ArmSeeds b, List<Long> seeds, PairedDifference top1) {
    /** The interval's coverage. */
    public static final double LEVEL = 0.95;

    /** For each target: gradual − all at once, gradual − from scratch, and each student − its teacher. */
    public static List<PairedComparison> of(List<ArmResult> results) {
        List<ArmSeeds> arms = ArmSeeds.group(results);
        List<PairedComparison> out = new ArrayList<>();
        for (AlterationTarget t : AlterationTarget.values()) {
            Arm teacher = Arm.teacherOf(t);
            add(out, "gradual − all at once", arms, Arm.TAILOR, Arm.KD_ALL_AT_ONCE, t);
            add(out, "gradual − from scratch", arms, Arm.TAILOR, Arm.SCRATCH, t);
            add(out, "student − teacher", arms, Arm.TAILOR, teacher, t);
            add(out, "student − teacher at equal training", arms, Arm.TAILOR, Arm.CONTINUED, t);
            add(out, "student − teacher", arms, Arm.KD_ALL_AT_ONCE, teacher, t);
            add(out, "student − teacher", arms, Arm.SCRATCH, teacher, t);
        }
        return out;
    }

    private static void add(List<PairedComparison> out, String claim, List<ArmSeeds> arms, Arm a, Arm b, AlterationTarget t) {
        Optional<ArmSeeds> x = find(arms, a, t);
        Optional<ArmSeeds> y = find(arms, b, t);
        if (x.isEmpty() || y.isEmpty()) {
            return;
        }
        List<Long> both = x.get().seeds().stream().filter(s -> y.get().seed(s).isPresent()).toList();
        if (both.isEmpty()) {
            return;
        }
        double[] va = both.stream().mapToDouble(s -> x.get().seed(s).orElseThrow().top1()).toArray();
        double[] vb = both.stream().mapToDouble(s -> y.get().seed(s).orElseThrow().top1()).toArray();
        out.add(new PairedComparison(claim, x.get(), y.get(), both, PairedDifference.of(va, vb, LEVEL)));
    }

    private static Optional<ArmSeeds> find(List<ArmSeeds> arms, Arm arm, AlterationTarget t) {
        return arms.stream().filter(s -> s.arm() == arm && s.target() == t).findFirst();
    }
}
