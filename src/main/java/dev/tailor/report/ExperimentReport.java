package dev.tailor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.experiment.ArmResult;
import dev.tailor.train.AtomicFiles;
import dev.tailor.train.Console;

import java.nio.file.Path;
import java.util.List;

/** Accuracy and hardware side by side: printed, and written as results.md and results.json. */
public final class ExperimentReport {
    private ExperimentReport() {
    }

    /** {@code hardware} says how the trained networks are costed (models, settings, part). */
    public static void write(List<ArmResult> rows, Path out, Console log, ObjectMapper json, HardwareConfig hardware) {
        StringBuilder md = new StringBuilder("# Tailor results\n\n## Accuracy (test split)\n\n").append(ResultTable.markdown(rows));
        List<VariantEstimate> hw = hardware(rows, hardware);
        if (hw.size() > 1) {
            md.append("\n## ").append(HardwareTables.header("the trained networks", hardware).replace("\n", "  \n")).append('\n')
                    .append(HardwareTables.markdown(hw));
        }
        log.println("");
        log.printf("%s", md);
        AtomicFiles.writeString(out.resolve("results.md"), md.toString());
        AtomicFiles.writeString(out.resolve("results.json"), ResultTable.json(rows, json));
        if (hw.size() > 1) {
            AtomicFiles.writeString(out.resolve("hardware.csv"), HardwareTables.csv(hw));
        }
        boolean plans = !rows.isEmpty() && PlanSpaceFile.write(out, Variants.original(rows), hardware);
        log.println("\nwritten: " + out.resolve("results.md") + ", results.json" + (hw.size() > 1 ? ", hardware.csv" : "")
                + (plans ? ", " + PlanSpaceFile.FILE : ""));
    }

    /** Original teacher, then the networks SkipShortener and SkipRemover ended with. */
    static List<VariantEstimate> hardware(List<ArmResult> rows, HardwareConfig cfg) {
        return Variants.of(rows, new HardwareEstimator(cfg));
    }
}
