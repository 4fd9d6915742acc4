package dev.tailor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.SkipMode;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The accuracy side of a result: arms side by side, each against its own teacher. */
public final class ResultTable {
    private ResultTable() {
    }

    public static String markdown(List<ArmResult> rows) {
        return table(rows, ArmResult::label).markdown() + "\n" + glossary(rows) + "\n";
    }

    /** One row per arm, each against its own teacher, named by {@code label}. */
    public static Table table(List<ArmResult> rows, Function<ArmResult, String> label) {
        Table t = Table.of(List.of("arm", "test top-1 (%)", "vs teacher (pp)", "top-5 (%)", "params", "MACs", "skips long/short/none", "epochs",
                "train min"), List.of(false, true, true, true, true, true, false, true, true));
        for (ArmResult r : rows) {
            LayerGraph g = r.spec().graph();
            ArmResult teacher = teacherOf(r, rows);
            String delta = teacher == null || teacher == r ? "" : String.format(Locale.ROOT, "%+.2f", 100 * (r.top1() - teacher.top1()));
            t = t.with(List.of(label.apply(r), f("%.2f", 100 * r.top1()), delta, f("%.2f", 100 * r.top5()), f("%,d", g.totalParams()), f("%,d", g.totalMacs()),
                    f("%d/%d/%d", r.spec().count(SkipMode.LONG), r.spec().count(SkipMode.SHORT), r.spec().count(SkipMode.NONE)),
                    String.valueOf(r.epochs()), f("%.1f", r.seconds() / 60)));
        }
        return t;
    }

    /**
     * The glossary under the accuracy table: what each arm present trains (a target's arms once,
     * "(remove)"/"(shorten)" naming the target), and what the columns mean.
     */
    public static String glossary(List<ArmResult> rows) {
        String arms = rows.stream().map(ArmResult::arm).distinct().map(a -> a.label() + ": " + a.meaning())
                .collect(java.util.stream.Collectors.joining("; "));
        return "Arms: " + arms + ". Columns: test top-1 and top-5 on the test split; vs teacher, the difference in percentage points "
                + "to the arm's own teacher (teacher for \"(remove)\" arms, short-teacher for \"(shorten)\" arms); skips, how many "
                + "blocks keep a long skip, have short ones or none; train min, wall-clock minutes of training.";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** SkipRemover's arms compare with the original teacher, SkipShortener's with the short teacher. */
    static ArmResult teacherOf(ArmResult r, List<ArmResult> rows) {
        Arm t = Arm.teacherOf(r.target());
        return rows.stream().filter(x -> x.arm() == t).findFirst().orElse(null);
    }

    public static String json(List<ArmResult> rows, ObjectMapper json) {
        return text(tree(rows, json), json);
    }

    /** results.json's tree: one entry per arm and seed under {@code arms}. */
    static ObjectNode tree(List<ArmResult> rows, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        ArrayNode a = root.putArray("arms");
        for (ArmResult r : rows) {
            LayerGraph g = r.spec().graph();
            ObjectNode o = a.addObject();
            o.put("arm", r.arm().label()).put("target", r.arm().isTeacher() ? "" : r.target().label()).put("network", r.spec().describe())
                    .put("testTop1", r.top1()).put("testTop5", r.top5()).put("params", g.totalParams()).put("macs", g.totalMacs())
                    .put("skipsLong", r.spec().count(SkipMode.LONG)).put("skipsShort", r.spec().count(SkipMode.SHORT))
                    .put("skipsNone", r.spec().count(SkipMode.NONE)).put("epochs", r.epochs()).put("trainSeconds", r.seconds())
                    .put("seed", r.seed());
        }
        return root;
    }

    static String text(ObjectNode root, ObjectMapper json) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
