package dev.tailor.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Skip variants of one network side by side: every row's estimates, and each figure's change
 * versus the first row (the original). The one table both {@code tailor estimate} and the demo print.
 */
public final class Comparison {
    /** One variant: a label and whichever estimates were asked for (null when not). */
    public record Row(String label, String skips, long params, long macs, DataflowEstimate dataflow, PeArrayEstimate peArray) {
    }

    private final List<Row> rows = new ArrayList<>();

    public Comparison add(Row r) {
        rows.add(r);
        return this;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Every figure of a row by column name, the order of the printed table. */
    public static Map<String, Double> figures(Row r) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("params", (double) r.params());
        f.put("MACs", (double) r.macs());
        if (r.dataflow() != null) {
            DataflowEstimate d = r.dataflow();
            f.put("BRAM18", (double) d.total().bram18());
            f.put("FF", (double) d.total().ff());
            f.put("LUT", (double) d.total().lut());
            f.put("DSP", (double) d.total().dsp());
            f.put("II_cycles", (double) d.intervalCycles());
            f.put("latency_us", d.latencyMicros());
        }
        if (r.peArray() != null) {
            PeArrayEstimate p = r.peArray();
            f.put("cycles", (double) p.cycles());
            f.put("frames_s", p.framesPerSecond());
            f.put("DRAM_MB", p.dramBytes() / 1e6);
            f.put("BW_GBs", p.bandwidthGBs());
            f.put("util", p.utilisation());
        }
        return f;
    }

    /** A Markdown table: absolute figures, then % change vs the first row. */
    public String markdown() {
        if (rows.isEmpty()) {
            return "";
        }
        Map<String, Double> base = figures(rows.get(0));
        StringBuilder sb = new StringBuilder("| variant | skips |");
        base.keySet().forEach(k -> sb.append(' ').append(k).append(" |"));
        sb.append("\n|---|---|");
        base.keySet().forEach(k -> sb.append("---:|"));
        sb.append('\n');
        for (Row r : rows) {
            Map<String, Double> f = figures(r);
            sb.append("| ").append(r.label()).append(" | ").append(r.skips()).append(" |");
            for (Map.Entry<String, Double> e : f.entrySet()) {
                sb.append(' ').append(format(e.getValue()));
                if (r != rows.get(0)) {
                    sb.append(" (").append(change(e.getValue(), base.get(e.getKey()))).append(')');
                }
                sb.append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** CSV with one line per variant and a {@code *_change_pct} column per figure. */
    public String csv() {
        StringBuilder sb = new StringBuilder("variant,skips");
        Map<String, Double> base = figures(rows.get(0));
        base.keySet().forEach(k -> sb.append(',').append(k).append(',').append(k).append("_change_pct"));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.label()).append(",\"").append(r.skips()).append('"');
            figures(r).forEach((k, v) -> sb.append(',').append(String.format(Locale.ROOT, "%.6g", v)).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", 100 * (v / base.get(k) - 1))));
            sb.append('\n');
        }
        return sb.toString();
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
