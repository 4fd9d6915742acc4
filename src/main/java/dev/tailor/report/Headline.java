package dev.tailor.report;

import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowConfig.FifoMode;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.SkipMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One line per tailored network, for the top of the results and the report: its top-1 against its
 * own teacher, whether that is at equal training, and what it saves in hardware at each FIFO sizing,
 * the one that fits the part first.
 */
public final class Headline {
    private Headline() {
    }

    /** Empty without a Tailor arm whose teacher also finished. */
    public static List<String> lines(List<ArmResult> rows, HardwareConfig cfg) {
        List<String> out = new ArrayList<>();
        long seed = rows.stream().mapToLong(ArmResult::seed).min().orElse(0);
        for (ArmResult t : rows) {
            if (t.arm() != Arm.TAILOR || t.seed() != seed) {
                continue;
            }
            Optional<ArmResult> teacher = rows.stream()
                    .filter(r -> r.arm() == Arm.teacherOf(t.target()) && r.seed() == seed).findFirst();
            if (teacher.isEmpty()) {
                continue;
            }
            out.add(line(t, teacher.get(), rows, cfg));
        }
        return out;
    }

    private static String line(ArmResult student, ArmResult teacher, List<ArmResult> rows, HardwareConfig cfg) {
        StringBuilder b = new StringBuilder(student.label()).append(" — ").append(student.target().methodName()).append(" — against ")
                .append(teacher.label()).append(": test top-1 ").append(pct(student.top1())).append(" against ").append(pct(teacher.top1()))
                .append(" (")
                .append(String.format(Locale.ROOT, "%+.2f pp", 100 * (student.top1() - teacher.top1()))).append("). ");
        int total = teacher.epochs() + student.epochs();
        Optional<ArmResult> control = rows.stream()
                .filter(r -> r.arm() == Arm.CONTINUED && r.target() == student.target() && r.seed() == student.seed()).findFirst();
        if (control.isPresent()) {
            ArmResult c = control.get();
            b.append("At equal training (").append(total).append(" epochs in all), against its teacher trained on for the same ")
                    .append(c.epochs()).append(" epochs (").append(c.label()).append("): ").append(pct(c.top1())).append(", ")
                    .append(String.format(Locale.ROOT, "%+.2f pp", 100 * (student.top1() - c.top1()))).append(". ");
        } else if (student.epochs() == 0) {
            b.append("At equal training. ");
        } else {
            b.append("Not at equal training: it trained ").append(student.epochs()).append(" epochs after its teacher's ")
                    .append(teacher.epochs()).append(" (").append(total).append(" in all), so part of a gain may be the extra training");
            rows.stream().filter(r -> r.arm() == Arm.SCRATCH && r.target() == student.target() && r.seed() == student.seed()).findFirst()
                    .ifPresent(s -> b.append("; the same wiring trained from scratch for ").append(s.epochs()).append(s.epochs() == 1 ? " epoch reached " : " epochs reached ")
                            .append(pct(s.top1())));
            b.append(". A teacher trained on as long (demo --control, experiment --arms ...,continued) would compare at equal training. ");
        }
        if (cfg.hasDataflow()) {
            b.append(hardware(student, rows, cfg));
        }
        return b.toString().strip();
    }

    /** The saving against the original at each FIFO sizing, a sizing that fits the part first; the PE array's DRAM traffic. */
    private static String hardware(ArmResult student, List<ArmResult> rows, HardwareConfig cfg) {
        List<String> parts = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (FifoMode m : List.of(FifoMode.HLS4ML, FifoMode.OPTIMIZED, FifoMode.DEFAULT)) {
            HardwareEstimator e = new HardwareEstimator(new HardwareConfig(cfg.dataflow().withFifoMode(m), null, cfg.part()));
            VariantEstimate original = e.estimate("original", Variants.original(rows));
            VariantEstimate mine = e.estimate(student.label(), student.spec());
            Resources a = original.dataflow().total();
            Resources s = mine.dataflow().total();
            boolean fits = mine.fit() != null && mine.fit().fits();
            String text = FifoSizingTable.label(m) + ": BRAM18 " + change(s.bram18(), a.bram18()) + ", FF " + change(s.ff(), a.ff()) + ", LUT "
                    + change(s.lut(), a.lut()) + (mine.fit() == null ? "" : fits ? " (fits " + mine.fit().part() + ")"
                    : " (does not fit " + mine.fit().part() + ")");
            (fits && parts.isEmpty() ? parts : rest).add(text);
        }
        parts.addAll(rest);
        String s = "Hardware estimates against the " + Variants.originalLabel(rows) + "'s network (every skip long), by FIFO sizing: " + String.join("; ", parts) + ".";
        if (student.spec().count(SkipMode.SHORT) > 0) {
            s += " These count short skips fused into their convs, as tailor rtl builds them; " + asHls4mlBuildsThem(student, rows, cfg);
        }
        if (cfg.hasPeArray()) {
            HardwareEstimator pe = new HardwareEstimator(new HardwareConfig(null, cfg.peArray(), cfg.part()));
            long a = pe.estimate("original", Variants.original(rows)).peArray().dramBytes();
            long m = pe.estimate(student.label(), student.spec()).peArray().dramBytes();
            s += " PE array: DRAM traffic " + change(m, a) + ".";
        }
        return s;
    }

    /** The same network with its short skips as stock hls4ml builds the export (their own Clone, stream and Add), at hls4ml's sizing. */
    private static String asHls4mlBuildsThem(ArmResult student, List<ArmResult> rows, HardwareConfig cfg) {
        var df = cfg.dataflow().toBuilder().fifoMode(FifoMode.HLS4ML).build();
        HardwareEstimator fused = new HardwareEstimator(new HardwareConfig(df, null, cfg.part()));
        HardwareEstimator separate = new HardwareEstimator(new HardwareConfig(
                df.toBuilder().shortSkips(DataflowConfig.ShortSkips.HLS4ML).build(), null, cfg.part()));
        Resources a = fused.estimate("original", Variants.original(rows)).dataflow().total();
        Resources s = separate.estimate(student.label(), student.spec()).dataflow().total();
        return "as stock hls4ml builds them from the export (a Clone, a stream and an Add each), at " + FifoSizingTable.label(FifoMode.HLS4ML)
                + ": BRAM18 " + change(s.bram18(), a.bram18()) + ", FF " + change(s.ff(), a.ff()) + ", LUT " + change(s.lut(), a.lut()) + ".";
    }

    private static String change(long v, long base) {
        return base == 0 ? "n/a" : String.format(Locale.ROOT, "%+.1f %%", 100.0 * (v - base) / base);
    }

    private static String pct(double top1) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * top1);
    }
}
