package dev.tailor.hardware.plans;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The plans no other plan beats on every objective at once (BRAM18, DRAM bytes, PE cycles; all minimised). */
public final class ParetoFront {
    private ParetoFront() {
    }

    /** Front members sorted by BRAM18, then DRAM bytes, then cycles; plans with equal costs all stay. */
    public static List<PlanCost> of(List<PlanCost> plans) {
        List<PlanCost> sorted = new ArrayList<>(plans);
        sorted.sort(Comparator.comparingLong(PlanCost::bram18).thenComparingLong(PlanCost::dramBytes)
                .thenComparingLong(PlanCost::cycles).thenComparingInt(p -> Plans.altered(p.plan())));
        List<PlanCost> front = new ArrayList<>();
        for (PlanCost p : sorted) {
            // A dominating plan sorts before p, so the front so far holds every plan that could dominate it.
            if (front.stream().noneMatch(f -> f.dominates(p))) {
                front.add(p);
            }
        }
        return front;
    }
}
