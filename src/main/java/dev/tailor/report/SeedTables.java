package dev.tailor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.ArmSeeds;
import dev.tailor.experiment.PairedComparison;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.SkipMode;
import dev.tailor.stats.PairedDifference;
import dev.tailor.stats.Spread;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An experiment over several seeds: each arm's test top-1 as mean ± sample sd with every seed's
 * value, and the paired comparisons of the paper's claims (docs/experiments.md).
 */
public final class SeedTables {
    private SeedTables() {
    }

    /** The seeds the results cover, ascending. */
    public static List<Long> seeds(List<ArmResult> rows) {
        return rows.stream().map(ArmResult::seed).distinct().sorted().toList();
    }

    public static String markdown(List<ArmResult> rows) {
        return table(rows).markdown();
    }

    /** Per arm: test top-1 as mean ± sd, each seed's value ("–" where that seed has no result), n, size, epochs, mean time. */
    public static Table table(List<ArmResult> rows) {
        List<Long> seeds = seeds(rows);
        List<String> header = new ArrayList<>(List.of("arm", "test top-1 %, mean ± sd"));
        seeds.forEach(s -> header.add("seed " + s));
        header.addAll(List.of("n", "params", "MACs", "skips long/short/none", "epochs", "train min (mean)"));
        List<Boolean> numeric = new ArrayList<>(List.of(false, true));
        seeds.forEach(s -> numeric.add(true));
        numeric.addAll(List.of(true, true, true, false, true, true));
        Table t = Table.of(header, numeric);
        for (ArmSeeds a : ArmSeeds.group(rows)) {
            ArmResult first = a.runs().get(0);
            LayerGraph g = first.spec().graph();
            Spread top1 = a.top1();
            List<String> row = new ArrayList<>(List.of(a.label(), pct(top1.mean()) + " ± " + pct(top1.sd())));
            seeds.forEach(s -> row.add(a.seed(s).map(r -> pct(r.top1())).orElse("–")));
            double minutes = a.runs().stream().mapToDouble(ArmResult::seconds).average().orElse(0) / 60;
            row.addAll(List.of(Integer.toString(top1.n()), f("%,d", g.totalParams()), f("%,d", g.totalMacs()),
                    f("%d/%d/%d", first.spec().count(SkipMode.LONG), first.spec().count(SkipMode.SHORT), first.spec().count(SkipMode.NONE)),
                    Integer.toString(first.epochs()), f("%.1f", minutes)));
            t = t.with(row);
        }
        return t;
    }

    public static String comparisonsMarkdown(List<ArmResult> rows) {
        return comparisonsNote() + "\n\n" + comparisons(rows).markdown();
    }

    /** What the comparison table's figures are, for the text above it. */
    public static String comparisonsNote() {
        return f("Test top-1 of arm A minus arm B for the same seed (same initial weights, same data order), in percentage points; "
                + "the %.0f %% interval is the mean difference ± t(%.3f, n − 1) · sd / √n. An interval that contains 0 "
                + "does not decide the claim.", 100 * PairedComparison.LEVEL, 0.5 + PairedComparison.LEVEL / 2);
    }

    /** One row per claim and target: mean difference A − B, its interval, and the seeds each side won. */
    public static Table comparisons(List<ArmResult> rows) {
        Table t = Table.of(List.of("claim", "A", "B", "n", "mean A − B (pp)", "95 % interval (pp)", "A wins / B wins / ties"),
                List.of(false, false, false, true, true, false, false));
        for (PairedComparison c : PairedComparison.of(rows)) {
            PairedDifference d = c.top1();
            String interval = Double.isNaN(d.low()) ? "n/a (one seed)" : "[" + pp(d.low()) + ", " + pp(d.high()) + "]";
            t = t.with(List.of(c.claim(), c.a().label(), c.b().label(), Integer.toString(d.n()), pp(d.mean()), interval,
                    d.winsA() + " / " + d.winsB() + " / " + d.ties()));
        }
        return t;
    }

    /** Adds {@code seeds}, {@code armsOverSeeds} and {@code comparisons} to results.json. */
    public static void json(ObjectNode root, List<ArmResult> rows) {
        ArrayNode seeds = root.putArray("seeds");
        seeds(rows).forEach(seeds::add);
        ArrayNode arms = root.putArray("armsOverSeeds");
        for (ArmSeeds a : ArmSeeds.group(rows)) {
            ObjectNode o = arms.addObject().put("arm", a.arm().label()).put("target", a.arm().isTeacher() ? "" : a.target().label())
                    .put("n", a.runs().size());
            number(o, "meanTop1", a.top1().mean());
            number(o, "sdTop1", a.top1().sd());
            ObjectNode by = o.putObject("top1BySeed");
            a.runs().forEach(r -> by.put(Long.toString(r.seed()), r.top1()));
        }
        ArrayNode cs = root.putArray("comparisons");
        for (PairedComparison c : PairedComparison.of(rows)) {
            PairedDifference d = c.top1();
            ObjectNode o = cs.addObject().put("claim", c.claim()).put("a", c.a().label()).put("b", c.b().label()).put("n", d.n());
            ArrayNode s = o.putArray("seeds");
            c.seeds().forEach(s::add);
            number(o, "meanDifference", d.mean());
            number(o, "sdDifference", d.difference().sd());
            o.put("level", d.level());
            number(o, "low", d.low());
            number(o, "high", d.high());
            o.put("winsA", d.winsA()).put("winsB", d.winsB()).put("ties", d.ties());
        }
    }

    /** JSON has no NaN: an undefined value (one seed's sd or interval) is written as null. */
    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static String pct(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String pp(double fraction) {
        return f("%+.2f", 100 * fraction);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
