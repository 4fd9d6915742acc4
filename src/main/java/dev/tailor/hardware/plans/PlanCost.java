package dev.tailor.hardware.plans;

import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.SkipMode;

import java.util.List;

/**
 * The costs of one plan that the plan space compares: the dataflow design's resources and whether
 * it fits the part, and the PE array's DRAM bytes and cycles (zero for a model not run). Estimates.
 */
public record PlanCost(List<SkipMode> plan, Resources resources, boolean fits, long dramBytes, long cycles) {
    public long bram18() {
        return resources.bram18();
    }

    public String letters() {
        return Plans.letters(plan);
    }

    /** At most as costly on every objective and cheaper on one. */
    boolean dominates(PlanCost o) {
        boolean noWorse = bram18() <= o.bram18() && dramBytes <= o.dramBytes && cycles <= o.cycles;
        boolean better = bram18() < o.bram18() || dramBytes < o.dramBytes || cycles < o.cycles;
        return noWorse && better;
    }
}
