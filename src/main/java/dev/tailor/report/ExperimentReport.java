package dev.tailor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.hardware.Comparison;
import dev.tailor.hardware.DataflowConfig;
import dev.tailor.hardware.DataflowModel;
import dev.tailor.hardware.PeArrayConfig;
import dev.tailor.hardware.PeArrayModel;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.train.AtomicFiles;
import dev.tailor.train.Console;

import java.nio.file.Path;
import java.util.List;

/** Accuracy and hardware side by side: printed, and written as results.md and results.json. */
public final class ExperimentReport {
    private ExperimentReport() {
    }

    public static void write(List<ArmResult> rows, Path out, Console log, ObjectMapper json) {
        StringBuilder md = new StringBuilder("# Tailor results\n\n## Accuracy (test split)\n\n").append(ResultTable.markdown(rows));
        Comparison hw = hardware(rows);
        if (hw.rows().size() > 1) {
            md.append("\n## Hardware ESTIMATES of the trained networks (first-order models, not synthesis; change vs original)\n\n")
                    .append("dataflow: ").append(DataflowConfig.reference().describe()).append("  \n")
                    .append("PE array: ").append(PeArrayConfig.reference().describe()).append("\n\n")
                    .append(hw.markdown());
        }
        log.println("");
        log.printf("%s", md);
        AtomicFiles.writeString(out.resolve("results.md"), md.toString());
        AtomicFiles.writeString(out.resolve("results.json"), ResultTable.json(rows, json));
        if (hw.rows().size() > 1) {
            AtomicFiles.writeString(out.resolve("hardware.csv"), hw.csv());
        }
        log.println("\nwritten: " + out.resolve("results.md") + ", results.json" + (hw.rows().size() > 1 ? ", hardware.csv" : ""));
    }

    /** Original teacher, then the networks SkipShortener and SkipRemover ended with. */
    static Comparison hardware(List<ArmResult> rows) {
        Comparison c = new Comparison();
        DataflowModel df = new DataflowModel(DataflowConfig.reference());
        PeArrayModel pe = new PeArrayModel(PeArrayConfig.reference());
        ArmResult teacher = rows.stream().filter(r -> r.arm() == Arm.TEACHER).findFirst()
                .orElse(rows.stream().filter(r -> r.arm() == Arm.SHORT_TEACHER).findFirst().orElse(null));
        if (teacher == null) {
            return c;
        }
        NetSpec original = teacher.spec().withAllSkips(SkipMode.LONG);
        c.add(row("original", original, df, pe));
        for (ArmResult r : rows) {
            if (r.arm() == Arm.TAILOR) {
                c.add(row(r.target().methodName(), r.spec(), df, pe));
            }
        }
        return c;
    }

    private static Comparison.Row row(String label, NetSpec s, DataflowModel df, PeArrayModel pe) {
        return new Comparison.Row(label, String.join(",", s.skips().stream().map(SkipMode::label).toList()), s.graph().totalParams(),
                s.graph().totalMacs(), df.estimate(s), pe.estimate(s));
    }
}
