package dev.tailor.report;

import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.pearray.PeArrayEstimate;

import java.util.Locale;

/** Per-stage, per-skip-FIFO and per-layer figures of one estimated variant, as plain text tables. */
public final class HardwareBreakdown {
    private HardwareBreakdown() {
    }

    public static String text(VariantEstimate r) {
        StringBuilder sb = new StringBuilder("### " + r.label() + " [" + r.skips() + "] (estimates)\n");
        DataflowEstimate d = r.dataflow();
        if (d != null) {
            sb.append(String.format(Locale.ROOT, "%-34s %-8s %7s %8s %8s %5s %5s %12s %10s%n", "dataflow stage", "kind", "BRAM18",
                    "FF", "LUT", "DSP", "RF", "interval", "delay"));
            for (DataflowEstimate.StageCost c : d.stages()) {
                sb.append(String.format(Locale.ROOT, "%-34s %-8s %7d %8d %8d %5d %5d %,12d %,10d%n", c.name(),
                        c.kind().name().toLowerCase(Locale.ROOT), c.resources().bram18(), c.resources().ff(), c.resources().lut(),
                        c.resources().dsp(), c.reuseFactor(), c.intervalCycles(), c.delayCycles()));
            }
            sb.append(String.format(Locale.ROOT, "%-43s %7d %8d %8d   (all FIFOs)%n", "FIFOs", d.fifoTotal().bram18(),
                    d.fifoTotal().ff(), d.fifoTotal().lut()));
            sb.append(String.format(Locale.ROOT, "%-34s %-26s %8s %9s %7s %10s%n", "skip FIFO into", "from", "depth", "min safe",
                    "BRAM18", "status"));
            for (DataflowEstimate.FifoCost f : d.fifos()) {
                if (f.skip()) {
                    sb.append(String.format(Locale.ROOT, "%-34s %-26s %,8d %,9d %7d %10s%n", f.to(), f.from(), f.depth(),
                            f.minSafeDepth(), f.resources().bram18(), f.wouldDeadlock()
                                    ? "DEADLOCK (safe: " + f.safeResources().bram18() + " BRAM18)" : "safe"));
                }
            }
        }
        PeArrayEstimate p = r.peArray();
        if (p != null) {
            sb.append(String.format(Locale.ROOT, "%-34s %-6s %12s %12s %12s %12s%n", "PE-array layer", "op", "compute", "DRAM B",
                    "skip B", "cycles"));
            for (PeArrayEstimate.LayerCost c : p.layers()) {
                sb.append(String.format(Locale.ROOT, "%-34s %-6s %,12d %,12d %,12d %,12d%n", c.name(), c.op(), c.computeCycles(),
                        c.dramBytes(), c.skipBytes(), c.cycles()));
            }
        }
        return sb.toString();
    }
}
