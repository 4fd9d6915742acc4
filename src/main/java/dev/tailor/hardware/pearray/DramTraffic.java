package dev.tailor.hardware.pearray;

import dev.tailor.hardware.ShortSkips;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The memory side of the PE-array model (docs/hardware-models.md, "DRAM traffic"): which tensors
 * live in DRAM, and the bytes each pass on the array moves. Weights are read once if they fit the
 * weight SRAM, else once per input tile; an input is read from DRAM only if it was written there,
 * and re-read per weight tile when it does not fit; an output is written when it does not fit the
 * SRAM (or is the network's result). A long skip's tensor that cannot stay on chip beside its
 * branch's working set is spilled at its producer and read back at the Add.
 */
final class DramTraffic {
    /** Bytes one pass moves, and the part of them that exists only because of a skip. */
    record Traffic(long bytes, long skipBytes) {
    }

    private final PeArrayConfig cfg;
    private final LayerGraph graph;
    private final ShortSkips skips;
    private final int b;
    private final long sram;
    private final Set<String> inDram = new HashSet<>();
    /** Long-skip Adds whose skip tensor goes through DRAM, with its size. */
    private final Map<String, Long> held = new HashMap<>();

    DramTraffic(PeArrayConfig cfg, LayerGraph graph) {
        this.cfg = cfg;
        this.graph = graph;
        this.skips = new ShortSkips(graph);
        this.b = cfg.bytesPerElement();
        this.sram = cfg.ifmapSramBytes();
        inDram.add("input");
        long onChip = cfg.ifmapSramBytes() + cfg.ofmapSramBytes();
        for (Layer add : graph.adds()) {
            if (skips.isShortAdd(add)) {
                continue;
            }
            long s = graph.skipSource(add).out().elements() * b;
            long working = 0;
            for (Layer l : graph.longBranch(add)) {
                working = Math.max(working, (l.in().elements() + l.out().elements()) * b);
            }
            if (s + working > onChip) {
                held.put(add.name(), s);
            }
        }
    }

    /** A layer with no pass of its own (BN, ReLU, a fused add): its output is wherever its main input is. */
    void passThrough(Layer l) {
        if (inDram.contains(l.inputs().get(0))) {
            inDram.add(l.name());
        }
    }

    Traffic conv(Layer l) {
        boolean shortProj = skips.isShortProjection(l);
        long inBytes = l.in().elements() * b;
        long weights = (long) l.kernel() * l.kernel() * l.in().channels() * l.out().channels() * b;
        long bytes = weights <= cfg.filterSramBytes() ? weights : weights * ceil(inBytes, sram);
        // A short skip's projection reads the conv's own input, already on chip.
        if (inDram.contains(l.inputs().get(0)) && !shortProj) {
            bytes += inBytes <= sram ? inBytes : inBytes * ceil(weights, cfg.filterSramBytes());
        }
        boolean skipOnly = l.onSkip() && !shortProj;
        return write(l, bytes, skipOnly ? bytes : 0, skipOnly);
    }

    /** A long skip's Add: the skip tensor back from DRAM if it was spilled, and the sum. */
    Traffic add(Layer l) {
        long bytes = 0;
        long skip = 0;
        Long s = held.get(l.name());
        if (s != null) {
            // Spilled at its producer (unless that already wrote it), read back here.
            String src = graph.skipSource(l).name();
            long spill = inDram.contains(src) ? 0 : s;
            inDram.add(src);
            bytes += spill + s;
            skip += spill + s;
        }
        long outBytes = l.out().elements() * b;
        if (!cfg.fuseAdd() && outBytes > sram) {
            // A separate pass reads the branch result back and writes the sum.
            return write(l, bytes + outBytes, skip + 2 * outBytes, false);
        }
        // Fused (or on chip): the branch's last conv writes the sum instead of its own output.
        passThrough(l);
        return new Traffic(bytes, skip);
    }

    Traffic pool(Layer l) {
        long bytes = inDram.contains(l.inputs().get(0)) ? l.in().elements() * b : 0;
        return write(l, bytes, 0, false);
    }

    Traffic dense(Layer l) {
        long bytes = l.params() * b + (inDram.contains(l.inputs().get(0)) ? l.in().elements() * b : 0);
        return write(l, bytes, 0, false);
    }

    /** Adds the output's write when it does not stay on chip. */
    private Traffic write(Layer l, long bytes, long skip, boolean skipOnly) {
        long outBytes = l.out().elements() * b;
        if (outBytes > sram || l == last()) {
            inDram.add(l.name());
            return new Traffic(bytes + outBytes, skip + (skipOnly ? outBytes : 0));
        }
        return new Traffic(bytes, skip);
    }

    private Layer last() {
        return graph.layers().get(graph.layers().size() - 1);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
