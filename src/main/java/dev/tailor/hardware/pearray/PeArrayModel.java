package dev.tailor.hardware.pearray;

import dev.tailor.hardware.ShortSkips;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;
import dev.tailor.net.deploy.GraphPass;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * First-order model of a layer-by-layer 2D PE array with off-chip DRAM (docs/hardware-models.md,
 * "PE-array model"): a {@link ComputeModel} per dataflow for compute, {@link DramTraffic} for
 * memory, and a double-buffered roofline per layer (time = max(compute, bytes / bandwidth)).
 */
public final class PeArrayModel {
    private final PeArrayConfig cfg;
    private final ComputeModel compute;

    public PeArrayModel(PeArrayConfig cfg) {
        this.cfg = cfg;
        this.compute = ComputeModel.of(cfg);
    }

    public PeArrayConfig config() {
        return cfg;
    }

    public ComputeModel compute() {
        return compute;
    }

    public PeArrayEstimate estimate(NetSpec spec) {
        return estimate(GraphPass.applyAll(GraphPass.DEPLOYMENT, spec.graph()));
    }

    /** A network whose layer graph already went through the deployment passes. */
    public PeArrayEstimate estimate(LayerGraph g) {
        ShortSkips skips = new ShortSkips(g);
        DramTraffic memory = new DramTraffic(cfg, g);
        List<PeArrayEstimate.LayerCost> rows = new ArrayList<>();
        long macs = 0;
        for (Layer l : g.layers()) {
            long cycles;
            DramTraffic.Traffic t;
            switch (l.op()) {
                case CONV -> {
                    if (skips.isShortProjection(l) && skips.foldsIntoConv(l)) {
                        continue; // merged into the weights of the conv it runs beside
                    }
                    cycles = compute.cycles(Gemm.of(l));
                    macs += l.macs();
                    t = memory.conv(l);
                }
                case ADD -> {
                    if (skips.isShortAdd(l)) {
                        memory.passThrough(l); // fused into the conv's output stage; its operand is that conv's input
                        continue;
                    }
                    cycles = ceil(l.out().elements(), cfg.cols());
                    t = memory.add(l);
                }
                case MAXPOOL, GLOBAL_AVGPOOL -> {
                    cycles = ceil(l.in().elements(), cfg.cols());
                    t = memory.pool(l);
                }
                case DENSE -> {
                    cycles = compute.cycles(new Gemm(1, l.in().channels(), l.out().channels()));
                    macs += l.macs();
                    t = memory.dense(l);
                }
                case BN, RELU -> {
                    memory.passThrough(l); // BN folds into the conv, ReLU into the producer's output stage
                    continue;
                }
                default -> {
                    continue; // the input is in DRAM from the start
                }
            }
            long memoryCycles = (long) Math.ceil(t.bytes() / cfg.dramBytesPerCycle());
            rows.add(new PeArrayEstimate.LayerCost(l.name(), l.op().name().toLowerCase(Locale.ROOT), cycles, t.bytes(), t.skipBytes(),
                    Math.max(cycles, memoryCycles)));
        }
        return new PeArrayEstimate(g.spec().describe(), cfg, rows, macs);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
