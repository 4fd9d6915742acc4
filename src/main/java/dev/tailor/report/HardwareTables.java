package dev.tailor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.fpga.Fit;
import dev.tailor.hardware.pearray.PeArrayEstimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Skip variants' hardware estimates side by side, as Markdown, CSV and JSON: absolute figures, each
 * figure's change versus the first row (the original), and the dataflow design's fit on its part.
 */
public final class HardwareTables {
    public static final String NOTE = "estimates from first-order analytic models, not synthesis or simulation";

    private HardwareTables() {
    }

    /** The lines above a table: what was estimated and with which settings. */
    public static String header(String subject, HardwareConfig cfg) {
        StringBuilder sb = new StringBuilder("Hardware ESTIMATES for ").append(subject)
                .append(" (first-order models, not synthesis; change vs first row)\n");
        if (cfg.hasDataflow()) {
            sb.append("dataflow: ").append(cfg.dataflow().describe()).append("; part: ")
                    .append(cfg.part().isAuto() ? "auto (smallest built-in part that fits)" : cfg.part().toString()).append('\n');
        }
        if (cfg.hasDataflow() && cfg.dataflow().fifoMode() == DataflowConfig.FifoMode.OPTIMIZED) {
            sb.append("note: skip FIFOs at their minimum safe depth cannot deadlock, but the II column assumes full rate; "
                    + "a minimum-depth skip FIFO can stall its fork (the stream simulation measures it)\n");
        }
        if (cfg.hasPeArray()) {
            sb.append("PE array: ").append(cfg.peArray().describe()).append('\n');
        }
        return sb.toString();
    }

    /**
     * One line under the table when some designs' FIFOs are below full-rate depth: the II column
     * assumes full rate. {@code simulatedII}: per row, the simulated II where it falls short, else -1.
     * Empty when none does.
     */
    public static String fullRateNote(List<VariantEstimate> rows, List<Long> simulatedII) {
        List<String> shortfalls = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long sim = simulatedII.get(i);
            if (sim >= 0) {
                long model = rows.get(i).dataflow().intervalCycles();
                shortfalls.add(String.format(Locale.ROOT, "%s simulated II %,d cycles (%s vs the II column's %,d)", rows.get(i).label(), sim,
                        change(sim, model), model));
            }
        }
        return shortfalls.isEmpty() ? "" : "note: FIFOs below full-rate depth (the II column assumes full rate): "
                + String.join("; ", shortfalls) + "; run --simulate for the details\n";
    }

    /** Every number of a row by column name, in table order; each gets a change-vs-first-row figure. */
    static Map<String, Double> figures(VariantEstimate r) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("params", (double) r.params());
        f.put("MACs", (double) r.macs());
        DataflowEstimate d = r.dataflow();
        if (d != null) {
            f.put("BRAM18", (double) d.total().bram18());
            f.put("FF", (double) d.total().ff());
            f.put("LUT", (double) d.total().lut());
            f.put("DSP", (double) d.total().dsp());
            f.put("II_cycles", (double) d.intervalCycles());
            f.put("latency_us", d.latencyMicros());
        }
        PeArrayEstimate p = r.peArray();
        if (p != null) {
            f.put("cycles", (double) p.cycles());
            f.put("frames_s", p.framesPerSecond());
            f.put("DRAM_MB", p.dramBytes() / 1e6);
            f.put("skip_MB", p.skipBytes() / 1e6);
            f.put("BW_GBs", p.bandwidthGBs());
            f.put("util", p.utilisation());
        }
        return f;
    }

    /** The fit of a dataflow row by column name (absent without the dataflow model). */
    static Map<String, String> fit(VariantEstimate r) {
        Map<String, String> f = new LinkedHashMap<>();
        Fit fit = r.fit();
        if (fit == null) {
            return f;
        }
        f.put("part", fit.part().toString());
        f.put("BRAM18_pct", pct(fit.bram18Pct()));
        f.put("DSP_pct", pct(fit.dspPct()));
        f.put("FF_pct", pct(fit.ffPct()));
        f.put("LUT_pct", pct(fit.lutPct()));
        f.put("fits", fit.fits() ? "yes" : "NO");
        f.put("skip_FIFOs", fifos(r.dataflow()));
        return f;
    }

    private static String fifos(DataflowEstimate d) {
        if (!d.wouldDeadlock()) {
            return "safe";
        }
        long more = d.safeTotal().bram18() - d.total().bram18();
        return "WOULD DEADLOCK (safe: " + (more >= 0 ? "+" : "") + more + " BRAM18)";
    }

    /**
     * The column names a reader sees, with units; {@link #table} keeps the short keys of the CSV and
     * JSON files so that columns can be picked by them.
     */
    static final Map<String, String> HEADINGS = Map.ofEntries(
            Map.entry("variant", "network"), Map.entry("II_cycles", "interval (cycles)"), Map.entry("latency_us", "latency (µs)"),
            Map.entry("cycles", "PE cycles"), Map.entry("frames_s", "frames/s"), Map.entry("DRAM_MB", "DRAM (MB/frame)"),
            Map.entry("skip_MB", "skip DRAM (MB/frame)"), Map.entry("BW_GBs", "bandwidth (GB/s)"), Map.entry("util", "PE use (%)"),
            Map.entry("BRAM18_pct", "BRAM18 (% of part)"), Map.entry("DSP_pct", "DSP (% of part)"), Map.entry("FF_pct", "FF (% of part)"),
            Map.entry("LUT_pct", "LUT (% of part)"), Map.entry("skip_FIFOs", "skip FIFOs"));

    /** Figures a table shows scaled (a fraction as %); CSV and JSON keep the raw value. */
    private static final Map<String, Double> SHOWN_SCALE = Map.of("util", 100.0);

    /** One line under a hardware table: what its columns count. */
    public static final String GLOSSARY = "Columns: BRAM18, FF, LUT, DSP: the dataflow design's block RAMs (18 Kb), flip-flops, "
            + "look-up tables and DSP slices; interval: clock cycles between two frames at full rate; latency: one frame in to its "
            + "result out; PE cycles: the PE array's cycles per frame; DRAM: off-chip bytes per frame, of which skip DRAM is the "
            + "skips' feature maps written and read back; PE use: the share of MAC slots doing work; % of part: the design's share "
            + "of the part's resources; skip FIFOs: whether every skip FIFO is deep enough to rule out deadlock.";

    public static String markdown(List<VariantEstimate> rows) {
        return rows.isEmpty() ? "" : readable(table(rows)).markdown() + "\n" + GLOSSARY + "\n";
    }

    /** The table with the column names a reader sees. */
    public static Table readable(Table t) {
        return t.renamed(HEADINGS);
    }

    /** One row per variant: every figure with its change vs the first row, then the fit columns. */
    public static Table table(List<VariantEstimate> rows) {
        Map<String, Double> base = figures(rows.get(0));
        List<String> header = new ArrayList<>(List.of("variant", "skips"));
        List<Boolean> numeric = new ArrayList<>(List.of(false, false));
        base.keySet().forEach(k -> {
            header.add(k);
            numeric.add(true);
        });
        fit(rows.get(0)).keySet().forEach(k -> {
            header.add(k);
            numeric.add(k.endsWith("pct"));
        });
        Table t = Table.of(header, numeric);
        for (VariantEstimate r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.label(), r.skips()));
            figures(r).forEach((k, v) -> cells.add(format(v * SHOWN_SCALE.getOrDefault(k, 1.0))
                    + (r == rows.get(0) ? "" : " (" + change(v, base.get(k)) + ")")));
            fit(r).forEach((k, v) -> cells.add(v.equals("NO") || v.startsWith("WOULD") ? "**" + v + "**" : v));
            t = t.with(cells);
        }
        return t;
    }

    /** One line per variant: every figure with a {@code *_change_pct} column, then the fit columns. */
    public static String csv(List<VariantEstimate> rows) {
        StringBuilder sb = new StringBuilder("variant,skips");
        Map<String, Double> base = figures(rows.get(0));
        base.keySet().forEach(k -> sb.append(',').append(k).append(',').append(k).append("_change_pct"));
        fit(rows.get(0)).keySet().forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (VariantEstimate r : rows) {
            sb.append(r.label()).append(",\"").append(r.skips()).append('"');
            figures(r).forEach((k, v) -> sb.append(',').append(String.format(Locale.ROOT, "%.6g", v)).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", 100 * (v / base.get(k) - 1))));
            fit(r).forEach((k, v) -> sb.append(",\"").append(v).append('"'));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String json(List<VariantEstimate> rows, String model, String input, ObjectMapper json) {
        return json(rows, model, input, json, false);
    }

    /**
     * With {@code breakdown}, every dataflow row also carries its per-stage and per-FIFO figures
     * ({@code stages}, {@code fifos}), the same rows as export's estimate.json.
     */
    public static String json(List<VariantEstimate> rows, String model, String input, ObjectMapper json, boolean breakdown) {
        ObjectNode root = json.createObjectNode();
        root.put("note", NOTE);
        root.put("model", model);
        root.put("input", input);
        ArrayNode a = root.putArray("variants");
        for (VariantEstimate r : rows) {
            ObjectNode o = a.addObject();
            o.put("variant", r.label());
            o.put("skips", r.skips());
            figures(r).forEach(o::put);
            if (r.fit() != null) {
                o.put("part", r.fit().part().toString());
                o.put("BRAM18_pct", r.fit().bram18Pct()).put("DSP_pct", r.fit().dspPct()).put("FF_pct", r.fit().ffPct())
                        .put("LUT_pct", r.fit().lutPct()).put("fits", r.fit().fits());
                o.put("wouldDeadlock", r.dataflow().wouldDeadlock()).put("safeBRAM18", r.dataflow().safeTotal().bram18());
            }
            if (breakdown && r.dataflow() != null) {
                o.set("stages", json.valueToTree(r.dataflow().stageRows()));
                o.set("fifos", json.valueToTree(r.dataflow().fifoRows()));
            }
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.1f" : "%.3g", v);
    }

    static String change(double v, double base) {
        if (base == 0) {
            return v == 0 ? "0%" : "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (v / base - 1));
    }
}
