package dev.tailor.report;

import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.StreamSimulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The cycle-level stream simulation beside the dataflow model's figures, per variant. */
public final class SimulationTables {
    private SimulationTables() {
    }

    /** {@code fullRate}: per variant, each skip FIFO's shallowest full-rate depth by name (empty when not searched). */
    public static String markdown(List<VariantEstimate> rows, List<StreamSimulator.Result> results, List<Map<String, Long>> fullRate,
                                  int frames) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Stream simulation (%d frames back to back; II = cycles between the last two results):%n", frames));
        sb.append("| variant | outcome | II model | II simulated | latency model | latency simulated "
                + "| skip FIFOs: max occupancy / min safe / depth (/ full-rate depth) |\n");
        sb.append("|---|---|---:|---:|---:|---:|---|\n");
        for (int i = 0; i < rows.size(); i++) {
            VariantEstimate r = rows.get(i);
            StreamSimulator.Result s = results.get(i);
            DataflowEstimate d = r.dataflow();
            StringBuilder fifos = new StringBuilder();
            for (DataflowEstimate.FifoCost f : d.fifos()) {
                if (f.skip()) {
                    String name = StreamSimulator.name(f);
                    fifos.append(fifos.length() == 0 ? "" : "; ").append(f.to()).append(' ').append(s.maxOccupancy().get(name)).append('/')
                            .append(f.minSafeDepth()).append('/').append(f.depth());
                    Long full = fullRate.get(i).get(name);
                    if (full != null) {
                        fifos.append('/').append(full);
                    }
                }
            }
            String outcome = s.deadlocked() ? "**DEADLOCK** at cycle " + String.format(Locale.ROOT, "%,d", s.cycles())
                    + (s.stalled().isEmpty() ? "" : ": " + s.stalled().get(0)) : "ran";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %,d | %s | %s |%n", r.label(), outcome, d.intervalCycles(),
                    cycles(s.intervalCycles()), d.latencyCycles(), cycles(s.latencyCycles()), fifos.length() == 0 ? "none" : fifos));
        }
        return sb.toString();
    }

    private static String cycles(long c) {
        return c < 0 ? "-" : String.format(Locale.ROOT, "%,d", c);
    }
}
