package dev.tailor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.synth.SynthSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Synthesized designs beside their estimates: per design, each resource as "Yosys / estimate", and
 * for every row after the first the change of both against the first row, so that a saving
 * measured and a saving estimated stand side by side.
 */
public final class MeasuredTable {
    /** What the figures are, for the line above the table. */
    public static final String NOTE = "MEASURED with Yosys synth_xilinx for the 7-series, not Vivado (no place and route; Yosys's own "
            + "memory and DSP inference; docs/synthesis.md), beside Tailor's estimate of the same generated design; "
            + "in brackets the change against the first row, Yosys / estimate";

    private MeasuredTable() {
    }

    public static Table table(List<SynthSummary> rows) {
        Table t = Table.of(List.of("design", "network", "LUT Yosys / est.", "FF Yosys / est.", "BRAM18 Yosys / est.", "DSP Yosys / est.",
                "fits", "synth s"), List.of(false, false, true, true, true, true, false, true));
        SynthSummary first = rows.isEmpty() ? null : rows.get(0);
        for (SynthSummary r : rows) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(r.dir().getFileName()));
            row.add(r.network());
            row.add(cell(r, first, Resources::lut));
            row.add(cell(r, first, Resources::ff));
            row.add(cell(r, first, Resources::bram18));
            row.add(cell(r, first, Resources::dsp));
            row.add(r.fits() ? "yes (" + r.part() + ")" : "NO (" + r.part() + ")");
            row.add(r.seconds() > 0 ? String.format(Locale.ROOT, "%.0f", r.seconds()) : "-");
            t = t.with(row);
        }
        return t;
    }

    /** The estimate's JSON text with a {@code measured} array added: each design's counts, its estimate and where it lies. */
    public static String withMeasured(String estimateJson, List<SynthSummary> rows, ObjectMapper json) {
        try {
            ObjectNode root = (ObjectNode) json.readTree(estimateJson);
            ArrayNode a = root.putArray("measured");
            for (SynthSummary r : rows) {
                ObjectNode o = a.addObject();
                o.put("note", "Yosys synth_xilinx, not Vivado");
                o.put("design", r.dir().toString());
                o.put("network", r.network());
                o.put("dataflow", r.dataflow());
                o.put("tool", r.tool());
                o.put("seconds", r.seconds());
                o.put("part", r.part());
                o.put("fits", r.fits());
                o.set("yosys", json.valueToTree(r.measured()));
                o.set("estimate", json.valueToTree(r.estimate()));
            }
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cell(SynthSummary r, SynthSummary first, ToLongFunction<Resources> f) {
        long m = f.applyAsLong(r.measured());
        long e = f.applyAsLong(r.estimate());
        String s = String.format(Locale.ROOT, "%,d / %,d", m, e);
        if (r == first) {
            return s;
        }
        return s + " (" + change(m, f.applyAsLong(first.measured())) + " / " + change(e, f.applyAsLong(first.estimate())) + ")";
    }

    private static String change(long v, long base) {
        return base == 0 ? (v == 0 ? "+0.0 %" : "n/a") : String.format(Locale.ROOT, "%+.1f %%", 100.0 * (v - base) / base);
    }
}
