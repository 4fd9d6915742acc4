package dev.tailor.report;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.ArmSeeds;
import dev.tailor.files.AtomicFiles;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.plans.ParetoFront;
import dev.tailor.hardware.plans.PlanCost;
import dev.tailor.train.EpochMetrics;
import dev.tailor.synth.SynthSummary;
import dev.tailor.train.RunRecord;

import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code tailor report}: one page for one or more run folders, finished or not. Accuracy and the
 * hardware estimates as tables and charts, the training curves with the alterations marked, the
 * plan space's Pareto front where {@code plans.csv} exists, and how each run was started.
 */
public final class HtmlReport {
    /** What was written, and the files that could not be read (one line each; the rest was shown). */
    public record Written(Path html, Path markdown, Path pngFolder, int charts, List<String> problems) {
    }

    private static final String LETTERS = "L long, S short, N none; input side first";
    private static final int FRONT_ROWS = 15;

    private HtmlReport() {
    }

    /**
     * Reads {@code dirs} and writes {@code html}, its Markdown twin (same name, {@code .md}) and the
     * charts as PNG files in a folder beside it ({@code report.html} gets {@code report-charts/}).
     * Every file is written atomically. Refused when no run at all could be found.
     */
    public static Written write(List<Path> dirs, Path html, HardwareConfig hardware, Instant now) {
        RunFolders.Contents contents = RunFolders.read(dirs);
        if (contents.runs().isEmpty()) {
            throw new InvalidInputException("nothing to report: " + String.join("; ", contents.problems()));
        }
        ReportPage page = build(dirs, contents, hardware, now);
        String stem = html.getFileName().toString().replaceFirst("\\.html?$", "");
        Path dir = html.toAbsolutePath().getParent();
        String pngFolder = stem + "-charts";
        for (ChartImage c : page.charts()) {
            AtomicFiles.write(dir.resolve(pngFolder).resolve(c.pngName()), out -> out.write(c.png()));
        }
        Path md = dir.resolve(stem + ".md");
        AtomicFiles.writeString(md, page.markdown(pngFolder));
        AtomicFiles.writeString(html, page.html(pngFolder));
        return new Written(html, md, dir.resolve(pngFolder), page.charts().size(), contents.problems());
    }

    /** The page for what was read. */
    static ReportPage build(List<Path> dirs, RunFolders.Contents c, HardwareConfig hardware, Instant now) {
        ReportPage page = new ReportPage("Tailor report: " + dirs.stream().map(d -> d.getFileName() == null ? d.toString()
                : d.getFileName().toString()).collect(Collectors.joining(", ")));
        page.text("Generated " + now.truncatedTo(ChronoUnit.SECONDS) + " from " + dirs.stream().map(d -> "`" + d + "`")
                .collect(Collectors.joining(", ")) + ". Hardware figures are " + HardwareTables.NOTE + ".");
        if (!c.problems().isEmpty()) {
            page.heading(2, "Not shown");
            page.bullets(c.problems());
        }
        List<ReportRun> finished = c.runs().stream().filter(ReportRun::finished).toList();
        List<String> headline = Headline.lines(finished.stream().map(ReportRun::result).toList(), hardware);
        if (!headline.isEmpty()) {
            page.heading(2, "Headline");
            page.bullets(headline);
        }
        accuracy(page, c.runs(), finished);
        if (!finished.isEmpty()) {
            scatters(page, finished, new HardwareEstimator(hardware));
        }
        seeds(page, dirs, finished);
        curves(page, c.runs());
        if (!finished.isEmpty()) {
            hardware(page, finished, hardware);
        }
        measured(page, dirs);
        plans(page, c.plans());
        commands(page, c.records());
        return page;
    }

    /** The folder under a run where {@code --synth} puts each network's generated and synthesized design. */
    public static final String SYNTH_DIR = "synth";

    /**
     * Synthesis results under each run's {@value #SYNTH_DIR} folder (one design folder per network),
     * teacher first: measured beside estimated. A damaged result is named, not shown.
     */
    private static void measured(ReportPage page, List<Path> dirs) {
        List<SynthSummary> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path d : dirs) {
            Path root = d.resolve(SYNTH_DIR);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.list(root)) {
                for (Path design : s.filter(SynthSummary::exists)
                        .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals("teacher"))
                                .thenComparing(p -> p.getFileName().toString())).toList()) {
                    try {
                        rows.add(SynthSummary.read(design));
                    } catch (InvalidInputException e) {
                        problems.add(e.getMessage());
                    }
                }
            } catch (IOException e) {
                problems.add(root + ": cannot list (" + e.getMessage() + ")");
            }
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            return;
        }
        page.heading(2, "Hardware measured: the generated designs synthesized");
        page.text(MeasuredTable.NOTE + ".");
        if (!rows.isEmpty()) {
            page.table("measured", MeasuredTable.table(rows));
        }
        page.bullets(problems.stream().map(p -> "not shown: " + p).toList());
    }

    private static void accuracy(ReportPage page, List<ReportRun> runs, List<ReportRun> finished) {
        page.heading(2, "Accuracy (test split)");
        if (finished.isEmpty()) {
            page.text("No run has finished yet.");
        } else {
            Map<ArmResult, String> labels = labels(finished);
            List<ArmResult> results = finished.stream().map(ReportRun::result).toList();
            page.table("accuracy", ResultTable.table(results, labels::get));
            page.text(ResultTable.glossary(results));
        }
        List<String> open = runs.stream().filter(r -> !r.finished())
                .map(r -> r.label() + ": not finished, " + r.metrics().size() + " epoch" + (r.metrics().size() == 1 ? "" : "s") + " so far")
                .toList();
        page.bullets(open);
    }

    /**
     * For each folder whose finished runs cover more than one seed (an experiment with --seeds): the
     * mean ± sd per arm with every seed's value, the paired comparisons, and a chart of the spread
     * (docs/experiments.md, "Seeds and paired comparisons"). Nothing for single-seed runs.
     */
    private static void seeds(ReportPage page, List<Path> dirs, List<ReportRun> finished) {
        Map<Path, List<ArmResult>> byDir = new LinkedHashMap<>();
        for (Path d : dirs) {
            Path root = d.toAbsolutePath().normalize();
            List<ArmResult> in = finished.stream().filter(r -> r.dir().toAbsolutePath().normalize().startsWith(root))
                    .map(ReportRun::result).toList();
            if (SeedTables.seeds(in).size() > 1) {
                byDir.put(d, in);
            }
        }
        if (byDir.isEmpty()) {
            return;
        }
        page.heading(2, "Accuracy over seeds (test split)");
        page.text("Per arm, test top-1 in % as mean ± sample standard deviation over the seeds it finished, and each seed's value.");
        for (Map.Entry<Path, List<ArmResult>> e : byDir.entrySet()) {
            String id = byDir.size() > 1 ? "seeds-" + slug(String.valueOf(e.getKey().getFileName())) : "seeds";
            if (byDir.size() > 1) {
                page.heading(3, e.getKey().toString());
            }
            List<ArmResult> rows = e.getValue();
            page.table(id, SeedTables.table(rows));
            List<Charts.ArmSpread> spread = ArmSeeds.group(rows).stream().map(a -> new Charts.ArmSpread(a.label(),
                    a.runs().stream().collect(Collectors.toMap(ArmResult::seed, ArmResult::top1)), a.top1().mean(), a.top1().sd())).toList();
            page.charts(List.of(ChartImage.of(id + "-top1", "Test top-1 per arm over seeds: each seed a dot, the mean a red square "
                    + "with a ±sd bar", Charts.seedSpread("Test top-1 over seeds", SeedTables.seeds(rows), spread))));
            page.text("Paired comparisons. " + SeedTables.comparisonsNote());
            page.table(id + "-comparisons", SeedTables.comparisons(rows));
        }
    }

    private static void curves(ReportPage page, List<ReportRun> runs) {
        List<ReportRun> withMetrics = runs.stream().filter(r -> !r.metrics().isEmpty()).toList();
        if (withMetrics.isEmpty()) {
            return;
        }
        page.heading(2, "Training curves");
        page.text("Per epoch; a dashed line marks an alteration, labelled with the wiring it produced (" + LETTERS + ").");
        for (ReportRun r : withMetrics) {
            String id = "curves-" + slug(r.label());
            String altered = r.metrics().stream().filter(EpochMetrics::rewired)
                    .map(m -> "epoch " + (m.epoch() + 1) + " → " + Charts.letters(m.skips())).collect(Collectors.joining(", "));
            page.heading(3, r.label());
            page.text(altered.isEmpty() ? "No alteration." : "Alterations: " + altered + ".");
            page.charts(List.of(
                    ChartImage.of(id + "-loss", r.label() + ": loss per epoch",
                            Charts.curves(r.label() + ": loss", "loss", r.metrics(), EpochMetrics::trainLoss, EpochMetrics::valLoss)),
                    ChartImage.of(id + "-top1", r.label() + ": top-1 per epoch (%)",
                            Charts.curves(r.label() + ": top-1", "top-1 (%)", r.metrics(), m -> 100 * m.trainTop1(), m -> 100 * m.valTop1()))));
        }
    }

    private static void hardware(ReportPage page, List<ReportRun> finished, HardwareConfig cfg) {
        HardwareEstimator hw = new HardwareEstimator(cfg);
        List<ArmResult> results = finished.stream().map(ReportRun::result).toList();
        List<VariantEstimate> variants = Variants.of(results, hw);
        page.heading(2, "Hardware estimates");
        page.text(HardwareTables.header("the networks the runs ended with", cfg).strip().replace("\n", "; ")
                + ". Each figure's change against the first row is in brackets.");
        Table all = HardwareTables.table(variants);
        List<String> dataflow = List.of("variant", "skips", "params", "MACs", "BRAM18", "FF", "LUT", "DSP", "II_cycles", "latency_us");
        List<String> fit = List.of("variant", "part", "BRAM18_pct", "DSP_pct", "FF_pct", "LUT_pct", "fits", "skip_FIFOs");
        List<String> peArray = List.of("variant", "cycles", "frames_s", "DRAM_MB", "skip_MB", "BW_GBs", "util");
        if (all.has("BRAM18")) {
            page.heading(3, "Dataflow design (hls4ml style)");
            page.table("hardware-dataflow", HardwareTables.readable(all.select(dataflow)));
        }
        if (all.has("part")) {
            page.heading(3, "Fit on the part");
            page.table("hardware-fit", HardwareTables.readable(all.select(fit)));
        }
        Table sizing = FifoSizingTable.table(variants, cfg);
        if (sizing != null) {
            page.heading(3, "The same designs at each FIFO sizing");
            page.table("hardware-fifo-sizing", sizing);
            page.text(FifoSizingTable.WHY);
        }
        if (all.has("cycles")) {
            page.heading(3, "PE array with DRAM");
            page.table("hardware-pe-array", HardwareTables.readable(all.select(peArray)));
        }
        page.text(HardwareTables.GLOSSARY);
        String sharing = Variants.sharing(results);
        if (!sharing.isEmpty()) {
            page.text(sharing);
        }
        List<String> names = variants.stream().map(VariantEstimate::label).toList();
        List<ChartImage> bars = new ArrayList<>();
        if (cfg.hasDataflow()) {
            bars.add(bar("bars-bram18", "BRAM18", "BRAM18 blocks", names, variants, v -> v.dataflow().total().bram18()));
            bars.add(bar("bars-ff", "FF", "flip-flops", names, variants, v -> v.dataflow().total().ff()));
            bars.add(bar("bars-lut", "LUT", "LUTs", names, variants, v -> v.dataflow().total().lut()));
            bars.add(bar("bars-dsp", "DSP", "DSP slices", names, variants, v -> v.dataflow().total().dsp()));
        }
        if (cfg.hasPeArray()) {
            bars.add(bar("bars-pe-cycles", "PE-array cycles", "cycles per frame", names, variants, v -> v.peArray().cycles()));
            bars.add(bar("bars-dram", "DRAM traffic", "MB per frame", names, variants, v -> v.peArray().dramBytes() / 1e6));
        }
        if (!bars.isEmpty()) {
            page.heading(3, "Per variant");
            page.charts(bars);
        }
    }

    private static ChartImage bar(String id, String title, String yTitle, List<String> names, List<VariantEstimate> variants,
                                  ToDoubleFunction<VariantEstimate> value) {
        return ChartImage.of(id, title + " per variant (estimate)",
                Charts.bars(title, yTitle, names, variants.stream().map(v -> value.applyAsDouble(v)).toList()));
    }

    /** Accuracy against BRAM18 and against DRAM bytes, one point per finished run; the original (the teacher) a black diamond. */
    private static void scatters(ReportPage page, List<ReportRun> finished, HardwareEstimator hw) {
        Map<ArmResult, String> labels = labels(finished);
        Map<ArmResult, VariantEstimate> perArm = Variants.perArm(finished.stream().map(ReportRun::result).toList(), hw);
        List<ChartImage> charts = new ArrayList<>();
        boolean hasOriginal = perArm.keySet().stream().anyMatch(r -> r.arm() == Arm.TEACHER);
        String note = hasOriginal ? "; the original network (the teacher) is the black diamond" : "; the original network was not trained in these runs";
        if (hw.config().hasDataflow()) {
            charts.add(ChartImage.of("scatter-bram18", "Test top-1 against BRAM18, one point per run" + note,
                    Charts.tradeOff("Accuracy vs BRAM18", "BRAM18 (dataflow design)", points(perArm, labels, v -> v.dataflow().total().bram18()))));
        }
        if (hw.config().hasPeArray()) {
            charts.add(ChartImage.of("scatter-dram", "Test top-1 against DRAM traffic, one point per run" + note,
                    Charts.tradeOff("Accuracy vs DRAM traffic", "DRAM traffic per frame (MB, PE array)",
                            points(perArm, labels, v -> v.peArray().dramBytes() / 1e6))));
        }
        if (!charts.isEmpty()) {
            page.heading(2, "Accuracy against hardware cost");
            page.text("Test top-1 against estimated cost, one point per run; axes fitted to the points.");
            page.charts(charts);
        }
    }

    private static List<Charts.Point> points(Map<ArmResult, VariantEstimate> perArm, Map<ArmResult, String> labels,
                                             ToDoubleFunction<VariantEstimate> x) {
        List<Charts.Point> p = new ArrayList<>();
        perArm.forEach((r, v) -> p.add(new Charts.Point(labels.get(r), x.applyAsDouble(v), r.top1(), r.arm() == Arm.TEACHER)));
        return p;
    }

    private static void plans(ReportPage page, Map<Path, List<PlanCost>> plans) {
        if (plans.isEmpty()) {
            return;
        }
        page.heading(2, "Per-block plan space");
        page.text("Every per-block plan (" + LETTERS + ") of the original network, costed by the hardware models; "
                + "the Pareto front minimises BRAM18, DRAM bytes and PE cycles together.");
        for (Map.Entry<Path, List<PlanCost>> e : plans.entrySet()) {
            List<PlanCost> front = ParetoFront.of(e.getValue());
            if (plans.size() > 1) {
                page.heading(3, e.getKey().toString());
            }
            String id = plans.size() > 1 ? "plans-" + slug(e.getKey().getParent().getFileName().toString()) : "plans";
            page.charts(List.of(ChartImage.of(id, "BRAM18 against DRAM traffic for every plan (grey), the Pareto front (red) "
                    + "and the original (black diamond); from " + e.getKey().getFileName(), Charts.planSpace(e.getValue(), front))));
            page.text(PlanTables.frontTitle(front, FRONT_ROWS));
            page.table(id + "-front", PlanTables.frontTable(front, FRONT_ROWS));
        }
    }

    private static void commands(ReportPage page, Map<Path, RunRecord> records) {
        page.heading(2, "How the runs were made");
        if (records.isEmpty()) {
            page.text("No run.json was found: the commands and machines are unknown.");
            return;
        }
        for (Map.Entry<Path, RunRecord> e : records.entrySet()) {
            if (records.size() > 1) {
                page.heading(3, e.getKey().toString());
            }
            for (RunRecord.Invocation i : e.getValue().invocations()) {
                page.text("Started " + i.started() + " (`" + i.command() + "`):");
                page.code("tailor " + i.argv().stream().map(HtmlReport::quote).collect(Collectors.joining(" ")));
                RunRecord.Machine m = i.machine();
                page.text(String.format(Locale.ROOT, "Machine: %s, %d cores, %.1f GiB; %s; Java %s; DJL %s, %s, threads %s.", m.cpu(), m.cores(),
                        m.memoryGiB(), m.os(), m.java(), m.djl(), m.engine(), m.threads()));
                Table options = Table.of(List.of("option", "value"), List.of(false, false));
                for (Map.Entry<String, String> o : new java.util.TreeMap<>(i.options()).entrySet()) {
                    options = options.with(List.of(o.getKey(), o.getValue()));
                }
                page.table("options-" + slug(e.getKey().getFileName() + "-" + i.started()), options);
            }
        }
    }

    /** Each finished run's result by identity (two experiments can hold equal results under different labels). */
    private static Map<ArmResult, String> labels(List<ReportRun> finished) {
        Map<ArmResult, String> m = new IdentityHashMap<>();
        finished.forEach(r -> m.put(r.result(), r.label()));
        return m;
    }

    /** An argument as a shell would need it. */
    static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./=,:+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** A label as part of an id and a file name: lower-case letters, digits and dashes. */
    static String slug(String s) {
        String x = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return x.isEmpty() ? "run" : x;
    }
}
