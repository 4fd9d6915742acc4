package dev.tailor.report;

import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.dataflow.DataflowConfig.FifoMode;
import dev.tailor.hardware.fpga.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The same networks' dataflow designs at the three FIFO sizings side by side: what a skip costs, and
 * so what removing or shortening it saves, depends on how deep the FIFOs are.
 */
public final class FifoSizingTable {
    static final List<FifoMode> MODES = List.of(FifoMode.DEFAULT, FifoMode.HLS4ML, FifoMode.OPTIMIZED);

    /** The sentence under the table. */
    public static final String WHY = "Why they differ: whole-map FIFOs (hls4ml's default) hold a skip's entire feature map, so a skip "
            + "costs the most and removing it saves the most block RAM; hls4ml's FIFO-depth optimisation keeps each stream at what a "
            + "simulated frame piled up in it, which for a skip is still much of a map while the long branch works; Tailor's minimum "
            + "safe depths keep only what rules out deadlock, where skips cost little block RAM and the saving moves to LUT and FF. "
            + "Estimates (docs/hardware-models.md); BENCHMARKS.md, \"Synthesis\", holds them against Yosys.";

    private FifoSizingTable() {
    }

    /** A sizing in words, for sentences. */
    static String label(FifoMode m) {
        return switch (m) {
            case DEFAULT -> "whole maps (hls4ml's default)";
            case HLS4ML -> "hls4ml's FIFO-depth optimisation";
            case OPTIMIZED -> "minimum safe depths";
            case FIXED -> "one fixed depth";
        };
    }

    /** Empty when the configuration has no dataflow design. */
    public static Table table(List<VariantEstimate> rows, HardwareConfig cfg) {
        if (!cfg.hasDataflow() || rows.isEmpty()) {
            return null;
        }
        List<String> header = new ArrayList<>(List.of("variant"));
        List<Boolean> numeric = new ArrayList<>(List.of(false));
        for (String r : List.of("BRAM18", "LUT", "FF")) {
            for (FifoMode m : MODES) {
                header.add(r + " " + m);
                numeric.add(true);
            }
        }
        header.add("fits " + cfg.part() + " (" + String.join(" / ", MODES.stream().map(FifoMode::toString).toList()) + ")");
        numeric.add(false);
        List<List<VariantEstimate>> byMode = new ArrayList<>();
        for (FifoMode m : MODES) {
            HardwareEstimator e = new HardwareEstimator(new HardwareConfig(cfg.dataflow().withFifoMode(m), null, cfg.part()));
            byMode.add(rows.stream().map(r -> e.estimate(r.label(), r.spec())).toList());
        }
        Table t = Table.of(header, numeric);
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = new ArrayList<>(List.of(rows.get(i).label()));
            for (ToLongFunction<Resources> f : List.<ToLongFunction<Resources>>of(Resources::bram18, Resources::lut, Resources::ff)) {
                for (List<VariantEstimate> mode : byMode) {
                    row.add(cell(f.applyAsLong(total(mode.get(i))), i == 0 ? -1 : f.applyAsLong(total(mode.get(0)))));
                }
            }
            int at = i;
            row.add(String.join(" / ", byMode.stream().map(m -> m.get(at).fit() == null ? "-" : m.get(at).fit().fits() ? "yes" : "no").toList()));
            t = t.with(row);
        }
        return t;
    }

    private static Resources total(VariantEstimate v) {
        return v.dataflow().total();
    }

    private static String cell(long v, long base) {
        String s = String.format(Locale.ROOT, "%,d", v);
        return base < 0 ? s : base == 0 ? s : s + String.format(Locale.ROOT, " (%+.1f %%)", 100.0 * (v - base) / base);
    }
}
