package dev.tailor.hardware.plans;

import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.hardware.pearray.PeArrayEstimate;
import dev.tailor.hardware.pearray.PeArrayModel;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.deploy.GraphPass;

import java.util.List;
import java.util.stream.LongStream;

/** Every per-block LONG/SHORT/NONE plan of a network, costed on the configured models (in parallel). */
public final class PlanSpace {
    /** Beyond this many blocks the space (3^12 = 531,441 plans) is not enumerated: ResNet-74 and deeper. */
    public static final int MAX_BLOCKS = 12;

    private final NetSpec base;
    private final HardwareConfig cfg;
    private final DataflowModel dataflow;
    private final PeArrayModel peArray;

    public PlanSpace(NetSpec base, HardwareConfig cfg) {
        this.base = base;
        this.cfg = cfg;
        this.dataflow = cfg.hasDataflow() ? new DataflowModel(cfg.dataflow()) : null;
        this.peArray = cfg.hasPeArray() ? new PeArrayModel(cfg.peArray()) : null;
    }

    public int blocks() {
        return base.skipCount();
    }

    /** Why this space is too large to enumerate, or null when {@link #evaluateAll} can enumerate it. */
    public String tooLarge() {
        return blocks() <= MAX_BLOCKS ? null : base.model() + " has " + blocks() + " skips: 3^" + blocks()
                + " plans are too many to enumerate (at most 3^" + MAX_BLOCKS + ")";
    }

    /** All 3^B plans in index order; callers check {@link #tooLarge} first. */
    public List<PlanCost> evaluateAll() {
        if (tooLarge() != null) {
            throw new IllegalArgumentException(tooLarge());
        }
        return LongStream.range(0, Plans.count(blocks())).parallel().mapToObj(i -> cost(Plans.plan(i, blocks()))).toList();
    }

    public PlanCost cost(List<SkipMode> plan) {
        return cost(Plans.wire(base, plan), plan);
    }

    /** A plan in a given wiring (the marginal savings compare each alteration within its own teacher's wiring). */
    PlanCost cost(NetSpec spec, List<SkipMode> plan) {
        LayerGraph g = GraphPass.applyAll(GraphPass.DEPLOYMENT, spec.graph());
        Resources r = Resources.ZERO;
        boolean fits = true;
        if (dataflow != null) {
            DataflowEstimate d = dataflow.estimate(g);
            r = d.total();
            fits = cfg.part().fit(r).fits();
        }
        long dram = 0;
        long cycles = 0;
        if (peArray != null) {
            PeArrayEstimate p = peArray.estimate(g);
            dram = p.dramBytes();
            cycles = p.cycles();
        }
        return new PlanCost(plan, r, fits, dram, cycles);
    }

    NetSpec base() {
        return base;
    }
}
