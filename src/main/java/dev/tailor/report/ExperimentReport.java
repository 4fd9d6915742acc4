package dev.tailor.report;

import dev.tailor.hardware.compare.FitAdvice;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.experiment.ArmResult;
import dev.tailor.files.AtomicFiles;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.train.Console;

import java.nio.file.Path;
import java.util.List;

/** Accuracy and hardware side by side: printed, and written as results.md and results.json. */
public final class ExperimentReport {
    private ExperimentReport() {
    }

    /** {@code hardware} says how the trained networks are costed (models, settings, part). */
    public static void write(List<ArmResult> rows, Path out, Console log, ObjectMapper json, HardwareConfig hardware) {
        write(rows, List.of(), out, log, json, hardware);
    }

    /**
     * The same, for an experiment over several seeds: mean ± sd, each seed's value and the paired
     * comparisons (SeedTables); {@code missing} names the jobs that left no result.
     */
    public static void write(List<ArmResult> rows, List<String> missing, Path out, Console log, ObjectMapper json, HardwareConfig hardware) {
        boolean seeds = SeedTables.seeds(rows).size() > 1;
        String md = markdown(rows, missing, hardware);
        List<VariantEstimate> hw = hardware(rows, hardware);
        log.println("");
        log.printf("%s", md);
        AtomicFiles.writeString(out.resolve("results.md"), md);
        var tree = ResultTable.tree(rows, json);
        if (seeds) {
            SeedTables.json(tree, rows);
        }
        AtomicFiles.writeString(out.resolve("results.json"), ResultTable.text(tree, json));
        if (hw.size() > 1) {
            AtomicFiles.writeString(out.resolve("hardware.csv"), HardwareTables.csv(hw));
        }
        boolean plans = !rows.isEmpty() && PlanSpaceFile.write(out, Variants.original(rows), hardware);
        log.println("\nwritten: " + out.resolve("results.md") + ", results.json" + (hw.size() > 1 ? ", hardware.csv" : "")
                + (plans ? ", " + PlanSpaceFile.FILE : ""));
    }

    /** results.md: the headline, the accuracy (over seeds where there are several), the hardware estimates. */
    static String markdown(List<ArmResult> rows, List<String> missing, HardwareConfig hardware) {
        boolean seeds = SeedTables.seeds(rows).size() > 1;
        StringBuilder md = new StringBuilder("# Tailor results\n\n");
        List<String> headline = Headline.lines(rows, hardware);
        if (!headline.isEmpty()) {
            md.append("## Headline\n\n");
            headline.forEach(h -> md.append("* ").append(h).append('\n'));
            md.append('\n');
        }
        if (seeds) {
            md.append("## Accuracy over seeds (test split)\n\n").append(SeedTables.markdown(rows))
                    .append("\n## Paired comparisons\n\n").append(SeedTables.comparisonsMarkdown(rows));
        } else {
            md.append("## Accuracy (test split)\n\n").append(ResultTable.markdown(rows));
        }
        if (!missing.isEmpty()) {
            md.append("\n## Jobs without a result\n\n");
            missing.forEach(m -> md.append("* ").append(m).append('\n'));
        }
        List<VariantEstimate> hw = hardware(rows, hardware);
        if (hw.size() > 1) {
            md.append("\n## ").append(HardwareTables.header("the trained networks", hardware).replace("\n", "  \n")).append('\n')
                    .append(HardwareTables.markdown(hw));
            String sharing = Variants.sharing(rows);
            md.append(sharing.isEmpty() ? "" : "\n" + sharing + "\n");
            String fit = FitAdvice.line(hw, hardware);
            md.append(fit.isEmpty() ? "" : "\n" + fit);
            Table sizing = FifoSizingTable.table(hw, hardware);
            if (sizing != null) {
                md.append("\n### The same designs at each FIFO sizing (estimates; change vs first row)\n\n").append(sizing.markdown())
                        .append('\n').append(FifoSizingTable.WHY).append('\n');
            }
        }
        return md.toString();
    }

    /** Original teacher, then the networks SkipShortener and SkipRemover ended with. */
    static List<VariantEstimate> hardware(List<ArmResult> rows, HardwareConfig cfg) {
        return Variants.of(rows, new HardwareEstimator(cfg));
    }
}
