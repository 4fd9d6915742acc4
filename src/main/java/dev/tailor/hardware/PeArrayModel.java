package dev.tailor.hardware;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.SkipMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * First-order model of a layer-by-layer 2D PE array with off-chip DRAM (hardware-models.md,
 * section 2): SCALE-Sim's fold formulas for compute, a tiled-conv model of DRAM traffic, the skip
 * tensor spilled and re-read when it does not stay on chip, and a double-buffered roofline per layer.
 */
public final class PeArrayModel {
    private final PeArrayConfig cfg;

    public PeArrayModel(PeArrayConfig cfg) {
        this.cfg = cfg;
    }

    public PeArrayConfig config() {
        return cfg;
    }

    /** SCALE-Sim's output size for its unpadded layers: ceil((H - K) / S) + 1. */
    public static int scaleSimOutputDim(int in, int kernel, int stride) {
        return (int) Math.ceil((in - kernel) / (double) stride) + 1;
    }

    /** Compute cycles of a conv lowered to GEMM on this array. */
    public long convCycles(long outPixels, int kernel, int cin, int cout) {
        long t;
        long sr;
        long sc = cout;
        long window = (long) kernel * kernel * cin;
        int r = cfg.rows();
        int c = cfg.cols();
        long perFold;
        if (cfg.dataflow() == PeArrayConfig.Dataflow.OUTPUT_STATIONARY) {
            sr = outPixels;
            t = window;
            perFold = t + r + c - 2;
        } else {
            sr = window;
            t = outPixels;
            perFold = 2L * r + c + t - 2;
        }
        return ceil(sr, r) * ceil(sc, c) * perFold;
    }

    /** SRAM accesses of a weight-stationary conv: {filter reads, ifmap reads, ofmap writes (partial sums)}. */
    public long[] weightStationarySramAccesses(long outPixels, int kernel, int cin, int cout) {
        long window = (long) kernel * kernel * cin;
        long filterReads = window * cout;
        long ifmapReads = outPixels * window * ceil(cout, cfg.cols());
        long ofmapWrites = outPixels * cout * ceil(window, cfg.rows());
        return new long[]{filterReads, ifmapReads, ofmapWrites};
    }

    public PeArrayEstimate estimate(NetSpec spec) {
        LayerGraph g = spec.graph();
        int b = cfg.bytesPerElement();
        long sram = cfg.ifmapSramBytes();
        long onChip = cfg.ifmapSramBytes() + cfg.ofmapSramBytes();
        // Tensors written to DRAM (because they do not fit on chip, or must outlive a long branch).
        Set<String> inDram = new HashSet<>();
        inDram.add("input");
        Map<String, Long> skipHeld = new HashMap<>();
        for (Layer add : g.adds()) {
            if (!isShortAdd(add, g)) {
                Layer src = g.skipSource(add);
                long s = src.out().elements() * b;
                long working = 0;
                for (Layer l : g.longBranch(add)) {
                    working = Math.max(working, (l.in().elements() + l.out().elements()) * b);
                }
                if (s + working > onChip) {
                    skipHeld.put(add.name(), s);
                }
            }
        }
        List<PeArrayEstimate.LayerCost> rows = new ArrayList<>();
        long macs = 0;
        for (Layer l : g.layers()) {
            long inBytes = l.in().elements() * b;
            long outBytes = l.out().elements() * b;
            long compute = 0;
            long bytes = 0;
            long skip = 0;
            boolean shortProj = l.onSkip() && isOnShortSkip(l, g);
            boolean writeOut = true;
            switch (l.op()) {
                case CONV -> {
                    if (shortProj && ShortSkips.foldsIntoConv(l, g)) {
                        continue; // merged into the weights of the conv it runs beside
                    }
                    compute = convCycles(l.out().pixels(), l.kernel(), l.in().channels(), l.out().channels());
                    macs += l.macs();
                    long weights = (long) l.kernel() * l.kernel() * l.in().channels() * l.out().channels() * b;
                    bytes += weights <= cfg.filterSramBytes() ? weights : weights * ceil(inBytes, sram);
                    String src = l.inputs().get(0);
                    // A short skip's projection reads the conv's own input, already on chip.
                    if (inDram.contains(src) && !shortProj) {
                        bytes += inBytes <= sram ? inBytes : inBytes * ceil(weights, cfg.filterSramBytes());
                    }
                    if (l.onSkip() && !shortProj) {
                        skip += bytes;
                    }
                }
                case ADD -> {
                    if (isShortAdd(l, g)) {
                        continue; // fused into the conv's output stage: its operand is that conv's input, on chip
                    }
                    Long held = skipHeld.get(l.name());
                    if (held != null) {
                        // Spilled at its producer (unless that already wrote it), read back here.
                        String src = g.skipSource(l).name();
                        long spill = inDram.contains(src) ? 0 : held;
                        inDram.add(src);
                        bytes += spill + held;
                        skip += spill + held;
                    }
                    if (!cfg.fuseAdd() && outBytes > sram) {
                        // A separate pass reads the branch result back (the sum's write is counted below).
                        bytes += outBytes;
                        skip += 2 * outBytes;
                    } else {
                        writeOut = false; // fused: the last conv writes the sum instead of its own output
                    }
                    compute = ceil(l.out().elements(), cfg.cols());
                }
                case MAXPOOL, GLOBAL_AVGPOOL -> {
                    compute = ceil(l.in().elements(), cfg.cols());
                    if (inDram.contains(l.inputs().get(0))) {
                        bytes += inBytes;
                    }
                }
                case DENSE -> {
                    long weights = l.params() * b;
                    compute = convCycles(1, 1, l.in().channels(), l.out().channels());
                    macs += l.macs();
                    bytes += weights + (inDram.contains(l.inputs().get(0)) ? inBytes : 0);
                }
                default -> {
                    // BN folds into the conv, ReLU into the producer's output stage; they pass the tensor's location on.
                    if ((l.op() == Op.BN || l.op() == Op.RELU) && inDram.contains(l.inputs().get(0))) {
                        inDram.add(l.name());
                    }
                    continue;
                }
            }
            if (writeOut && (outBytes > sram || l == last(g))) {
                bytes += outBytes;
                if (l.onSkip() && !shortProj) {
                    skip += outBytes;
                }
                inDram.add(l.name());
            }
            long memory = (long) Math.ceil(bytes / cfg.dramBytesPerCycle());
            rows.add(new PeArrayEstimate.LayerCost(l.name(), l.op().name().toLowerCase(), compute, bytes, skip,
                    Math.max(compute, memory)));
        }
        return new PeArrayEstimate(spec.describe(), cfg, rows, macs);
    }

    private static Layer last(LayerGraph g) {
        return g.layers().get(g.layers().size() - 1);
    }

    private static boolean isShortAdd(Layer add, LayerGraph g) {
        return add.op() == Op.ADD && blockSkip(add, g) == SkipMode.SHORT;
    }

    private static boolean isOnShortSkip(Layer l, LayerGraph g) {
        return blockSkip(l, g) == SkipMode.SHORT;
    }

    private static SkipMode blockSkip(Layer l, LayerGraph g) {
        if (l.block().isEmpty()) {
            return null;
        }
        return g.spec().blocks().stream().filter(b -> b.name().equals(l.block())).findFirst().orElseThrow().skip();
    }

    static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
