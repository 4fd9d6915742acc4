package dev.tailor.hardware.plans;

import dev.tailor.net.BlockSpec;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * What altering one block saves on its own, against the network its method starts from: removing
 * against the original, shortening against the short-skip teacher (both all-long). Positive savings
 * are reductions. Sorted by BRAM18 saved, then DRAM bytes, then cycles: the block that pays most comes first.
 */
public final class MarginalSavings {
    /** Savings of one block altered alone (estimates). */
    public record Saving(int block, String name, SkipMode mode, long bram18, long dramBytes, long cycles) {
    }

    private MarginalSavings() {
    }

    public static List<Saving> of(PlanSpace space, SkipMode mode) {
        if (mode == SkipMode.LONG) {
            throw new IllegalArgumentException("a marginal saving alters a block to short or none");
        }
        NetSpec base = space.base();
        int n = base.skipCount();
        Topology t = mode == SkipMode.SHORT ? Topology.SHORT_TEACHER : Topology.STANDARD;
        List<SkipMode> allLong = Collections.nCopies(n, SkipMode.LONG);
        PlanCost ref = space.cost(base.withTopology(t).withSkips(allLong), allLong);
        List<Saving> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            List<SkipMode> plan = Plans.single(n, b, mode);
            PlanCost c = space.cost(base.withTopology(t).withSkips(plan), plan);
            BlockSpec block = base.blocks().get(b);
            out.add(new Saving(b, block.name(), mode, ref.bram18() - c.bram18(), ref.dramBytes() - c.dramBytes(), ref.cycles() - c.cycles()));
        }
        out.sort(Comparator.comparingLong((Saving s) -> -s.bram18()).thenComparingLong(s -> -s.dramBytes())
                .thenComparingLong(s -> -s.cycles()));
        return out;
    }
}
