package dev.tailor.hardware.plans;

import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per-block skip plans: one LONG/SHORT/NONE per block, input side first. Plan i of the 3^B plans
 * reads i in base 3, block 0 the most significant digit (0 long, 1 short, 2 none), so plan 0 is
 * the original.
 */
public final class Plans {
    private Plans() {
    }

    public static long count(int blocks) {
        long n = 1;
        for (int i = 0; i < blocks; i++) {
            n = Math.multiplyExact(n, 3);
        }
        return n;
    }

    public static List<SkipMode> plan(long index, int blocks) {
        SkipMode[] modes = new SkipMode[blocks];
        long rest = index;
        for (int b = blocks - 1; b >= 0; b--) {
            modes[b] = SkipMode.values()[(int) (rest % 3)];
            rest /= 3;
        }
        return List.of(modes);
    }

    /**
     * The wiring a plan is costed in: with any shortened block, the short-teacher topology that
     * SkipShortener trains in (its long blocks add after the ReLU); otherwise the standard one.
     */
    public static Topology topologyFor(List<SkipMode> plan) {
        return plan.contains(SkipMode.SHORT) ? Topology.SHORT_TEACHER : Topology.STANDARD;
    }

    public static NetSpec wire(NetSpec base, List<SkipMode> plan) {
        return base.withTopology(topologyFor(plan)).withSkips(plan);
    }

    /** "LSN…": one letter per block. */
    public static String letters(List<SkipMode> plan) {
        StringBuilder sb = new StringBuilder();
        for (SkipMode m : plan) {
            sb.append(Character.toUpperCase(m.label().charAt(0)));
        }
        return sb.toString();
    }

    public static int altered(List<SkipMode> plan) {
        return (int) plan.stream().filter(m -> m != SkipMode.LONG).count();
    }

    /** The original with one block altered. */
    static List<SkipMode> single(int blocks, int block, SkipMode mode) {
        List<SkipMode> p = new ArrayList<>(Collections.nCopies(blocks, SkipMode.LONG));
        p.set(block, mode);
        return p;
    }
}
