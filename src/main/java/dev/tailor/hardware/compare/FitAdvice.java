package dev.tailor.hardware.compare;

import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.fpga.Fit;
import dev.tailor.hardware.fpga.PartChoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line for designs that do not fit their part, and what would make them fit: FIFOs sized to
 * what the design needs ({@code --fifo optimized}: default FIFOs hold whole feature maps, most of
 * the BRAM), the smallest part that holds them ({@code --part auto}), or a larger reuse factor
 * when DSP, LUT or FF are over. Every alternative is estimated, not guessed.
 */
public final class FitAdvice {
    private FitAdvice() {
    }

    /** Empty when every row fits (or none has a fit). */
    public static String line(List<VariantEstimate> rows, HardwareConfig cfg) {
        List<VariantEstimate> over = rows.stream().filter(r -> r.fit() != null && !r.fit().fits()).toList();
        if (over.isEmpty() || !cfg.hasDataflow()) {
            return "";
        }
        Fit first = over.get(0).fit();
        StringBuilder b = new StringBuilder("note: ");
        b.append(rows.size() == 1 ? "the design does not fit " : over.size() == rows.size() ? "no design fits "
                : over.size() + " of " + rows.size() + " designs do not fit ").append(first.part()).append(" (")
                .append(String.join(", ", over.stream().map(r -> (rows.size() == 1 ? "" : r.label() + " ") + worst(r.fit())).toList())).append(')');
        List<String> fixes = new ArrayList<>();
        if (cfg.dataflow().fifoMode() == DataflowConfig.FifoMode.DEFAULT && over.stream().anyMatch(r -> r.fit().bram18Pct() > 100)) {
            HardwareEstimator optimized = new HardwareEstimator(new HardwareConfig(cfg.dataflow().withFifoMode(DataflowConfig.FifoMode.OPTIMIZED),
                    null, cfg.part()));
            List<VariantEstimate> alt = over.stream().map(r -> optimized.estimate(r.label(), r.spec())).toList();
            boolean all = alt.stream().allMatch(a -> a.fit().fits());
            fixes.add("with --fifo optimized (default FIFOs hold whole feature maps) "
                    + String.join(", ", alt.stream().map(a -> a.label() + " needs " + a.dataflow().total().bram18() + " BRAM18 ("
                    + pct(a.fit().bram18Pct()) + ")").toList()) + (all ? " and fits" : ", still not all fit"));
        }
        if (!cfg.part().isAuto()) {
            List<String> parts = over.stream().map(r -> PartChoice.AUTO.fit(r.dataflow().total())).map(f -> f.fits() ? f.part().toString() : "none")
                    .distinct().toList();
            if (!parts.contains("none")) {
                fixes.add("--part auto picks " + String.join("/", parts));
            }
        }
        if (over.stream().anyMatch(r -> r.fit().dspPct() > 100 || r.fit().lutPct() > 100 || r.fit().ffPct() > 100)) {
            fixes.add("a larger --reuse uses fewer DSP and LUT (at a longer II)");
        }
        if (!fixes.isEmpty()) {
            b.append("; ").append(String.join("; ", fixes));
        }
        return b.append('\n').toString();
    }

    /** The resource furthest over capacity: "BRAM18 218 %". */
    private static String worst(Fit f) {
        String[] names = {"BRAM18", "DSP", "FF", "LUT"};
        double[] pcts = {f.bram18Pct(), f.dspPct(), f.ffPct(), f.lutPct()};
        int w = 0;
        for (int i = 1; i < pcts.length; i++) {
            if (pcts[i] > pcts[w]) {
                w = i;
            }
        }
        return names[w] + " " + pct(pcts[w]);
    }

    private static String pct(double p) {
        return String.format(Locale.ROOT, "%.0f %%", p);
    }
}
