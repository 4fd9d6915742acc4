package dev.tailor.cli;

import dev.tailor.data.ReadersTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiment and demo commands end to end on tiny data (a handful of steps per epoch). Only the
 * seeds test starts worker processes (the default executor); the others run in this process to keep
 * the suite short.
 */
class ExperimentCliTest {
    @TempDir
    Path dir;

    @Test
    void experimentRunsEveryArmAndResumes() throws Exception {
        String[] args = {"experiment", "--dataset", "synthetic", "--width", "16", "--targets", "remove", "--teacher-epochs", "1",
                "--alter-epochs", "5", "--every", "1", "--max-steps", "3", "--executor", "in-process", "--out", dir.toString()};
        CliRun first = CliRun.of(args);
        assertThat(first.code()).as(first.all()).isZero();
        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("| teacher |", "| scratch (remove) |", "| kd-all-at-once (remove) |", "| tailor (remove) |",
                "Hardware ESTIMATES", "| tailor (remove) | none,none,none |", "A row is a network, the same for every arm that ended with its wiring: "
                        + "scratch (remove), kd-all-at-once (remove), tailor (remove) end with NNN.");
        // the dataflow table carries the part-fit columns
        assertThat(md).contains("| part |", "| BRAM18 (% of part) |", "| fits |", "| skip FIFOs |").containsPattern("\\| (yes|\\*\\*NO\\*\\*) \\|");
        // Accuracy in % in the tables, as in the charts and the headline.
        assertThat(md).contains("| arm | test top-1 (%) | vs teacher (pp) | top-5 (%) |").containsPattern("\\| teacher \\| \\d{1,3}\\.\\d\\d \\|");
        // It opens with the headline: the tailored network against its teacher, and its savings by FIFO sizing.
        assertThat(md.indexOf("## Headline")).isPositive().isLessThan(md.indexOf("## Accuracy"));
        assertThat(md).contains("* tailor (remove) — SkipRemover — against teacher: test top-1 ", "Not at equal training", "by FIFO sizing: ");
        // ... and the same designs at each FIFO sizing, with why the savings differ.
        assertThat(md).contains("### The same designs at each FIFO sizing", "| BRAM18 default | BRAM18 hls4ml | BRAM18 optimized |",
                "Why they differ: whole-map FIFOs");
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"arm\" : \"tailor\"", "\"skipsNone\" : 3");
        // The page at the end: every arm's curves, and the plan space of ResNet-8's three blocks.
        assertThat(first.out()).contains("report: " + dir.resolve("report.html"));
        assertThat(Files.readString(dir.resolve("report.html"))).contains("curves-tailor-remove-loss", "curves-scratch-remove-top1",
                "id=\"plans-front\"", "id=\"hardware-fifo-sizing\"", "<h2>Headline</h2>", "tailor experiment --dataset synthetic").doesNotContain("Accuracy over seeds");
        assertThat(Files.readAllLines(dir.resolve("plans.csv"))).hasSize(1 + 27);
        assertThat(Files.readString(dir.resolve("tailor-remove").resolve("summary.json")))
                .contains("\"job\" : \"tailor\"", "\"arm\" : \"tailor\"", "\"target\" : \"remove\"", "\"testTop1\"");
        // A second run finds every arm finished and only rebuilds the table.
        CliRun second = CliRun.of(args);
        assertThat(second.code()).isZero();
        assertThat(second.out()).contains("teacher: already finished", "tailor (remove): already finished").doesNotContain("epoch 1/");
    }

    /** The continued arm: the teacher trained on as long as the students, and the headline compares at equal training. */
    @Test
    void theControlArmComparesTheStudentAtEqualTraining() throws Exception {
        CliRun r = CliRun.of("experiment", "--dataset", "synthetic", "--width", "4", "--targets", "remove", "--arms", "tailor,continued",
                "--teacher-epochs", "1", "--alter-epochs", "5", "--every", "1", "--max-steps", "2", "--executor", "in-process",
                "--out", dir.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("== continued (remove): the teacher trained on for 5 epochs, skips unchanged");
        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("| continued (remove) |", "* tailor (remove) — SkipRemover — against teacher: ",
                "At equal training (6 epochs in all), against its teacher trained on for the same 5 epochs (continued (remove)): ");
        // The control keeps the teacher's skips: it is no hardware variant of its own.
        assertThat(md).doesNotContain("| continued (remove) | long,long,long |");
        String summary = Files.readString(dir.resolve("continued-remove").resolve("summary.json"));
        assertThat(summary).contains("\"arm\" : \"continued\"", "\"skips\"").contains("\"epochs\" : 5");
    }

    /** --synth: the teacher and the tailored network generated and synthesized after training, measured beside estimated on the page. */
    @Test
    void synthesizesTheTrainedNetworksWhenAsked() throws Exception {
        CliRun r = CliRun.of("experiment", "--dataset", "synthetic", "--width", "4", "--targets", "remove", "--arms", "tailor",
                "--teacher-epochs", "1", "--alter-epochs", "5", "--every", "1", "--max-steps", "1", "--executor", "in-process",
                "--synth", "--synth-fifo", "optimized", "--out", dir.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("synthesizing 2 networks with Yosys").containsPattern("teacher: LUT [0-9,]+ \\(estimated [0-9,]+\\)")
                .containsPattern("tailor \\(remove\\): LUT [0-9,]+ \\(estimated");
        for (String net : new String[]{"teacher", "tailor-remove"}) {
            dev.tailor.synth.SynthSummary s = dev.tailor.synth.SynthSummary.read(dir.resolve("synth").resolve(net));
            assertThat(s.measured().lut()).isPositive();
            assertThat(s.measured().dsp()).isEqualTo(s.estimate().dsp());
            assertThat(s.dataflow()).contains("FIFO optimized");
        }
        assertThat(Files.readString(dir.resolve("report.html"))).contains("Hardware measured: the generated designs synthesized",
                "id=\"measured\"", "<td>tailor-remove</td><td>resnet8 standard [none,none,none]</td>");
        CliRun fixed = CliRun.of("experiment", "--dataset", "synthetic", "--synth", "--synth-fifo", "fixed", "--out", dir.resolve("x").toString());
        assertThat(fixed.code()).isEqualTo(2);
        assertThat(fixed.err().strip()).contains("--synth-fifo fixed").doesNotContain("\n");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void seedsGiveSpreadAndPairedComparisonsAndAMissingJobIsNamed() throws Exception {
        String[] args = {"experiment", "--dataset", "synthetic", "--width", "8", "--targets", "remove", "--arms", "kd-all-at-once,tailor",
                "--teacher-epochs", "1", "--alter-epochs", "5", "--every", "1", "--max-steps", "2", "--seeds", "1,2",
                "--workers", "2", "--threads-per-worker", "1", "--out", dir.toString()};
        CliRun first = CliRun.of(args);
        assertThat(first.code()).as(first.all()).isZero();
        assertThat(first.out()).contains("2 worker processes, 1 engine thread each", "[done] tailor (remove), seed 2: test top-1");
        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("## Accuracy over seeds", "| seed 1 | seed 2 |", "## Paired comparisons",
                "| gradual − all at once | tailor (remove) | kd-all-at-once (remove) | 2 |", "| student − teacher | tailor (remove) | teacher | 2 |");
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"comparisons\"", "\"armsOverSeeds\"", "\"seed\" : 2");
        assertThat(dir.resolve("seed-2").resolve("tailor-remove").resolve("summary.json")).exists();
        assertThat(Files.readString(dir.resolve("logs").resolve("seed-1_tailor-remove.log"))).contains("teacher: ");
        // The report page shows every seed's runs, told apart by their seed folder.
        assertThat(Files.readString(dir.resolve("report.md"))).contains("seed-1/tailor (remove)", "seed-2/kd-all-at-once (remove)");
        // ... and the spread: mean ± sd with each seed's value, the paired comparisons, the chart.
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<h2>Accuracy over seeds (test split)</h2>",
                "<th class=\"num\">seed 1</th><th class=\"num\">seed 2</th>", "id=\"seeds-comparisons\"",
                "<td>gradual − all at once</td><td>tailor (remove)</td><td>kd-all-at-once (remove)</td><td class=\"num\">2</td>",
                "<figure class=\"chart\" id=\"seeds-top1\"");
        assertThat(dir.resolve("report-charts").resolve("seeds-top1.png")).isNotEmptyFile();

        // A job whose result is gone is named, not dropped; running the command again redoes just that job.
        Files.delete(dir.resolve("seed-1").resolve("kd-all-at-once-remove").resolve("summary.json"));
        CliRun collect = CliRun.of("experiment", "--collect", dir.toString());
        assertThat(collect.code()).isEqualTo(1);
        assertThat(collect.err()).contains("1 of 6 jobs left no result (seed-1/kd-all-at-once-remove)");
        assertThat(Files.readString(dir.resolve("results.md"))).contains("## Jobs without a result", "kd-all-at-once (remove), seed 1: no result");
        CliRun again = CliRun.of(args);
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("teacher, seed 2: already finished").contains("[done] kd-all-at-once (remove), seed 1")
                .doesNotContain("[done] tailor");

        // With many jobs missing, the error stays one line: the first five keys, the rest counted.
        try (var summaries = Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("summary.json"))) {
            for (Path p : summaries.toList()) {
                Files.delete(p);
            }
        }
        CliRun none = CliRun.of("experiment", "--collect", dir.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err().strip().lines()).hasSize(1);
        assertThat(none.err()).contains("6 of 6 jobs left no result (seed-1/teacher, ", " and 1 more, listed in results.md)");
    }

    @Test
    void seedOptionsAreCheckedBeforeAnythingRuns() {
        CliRun both = CliRun.of("experiment", "--seed", "3", "--seeds", "1,2", "--out", dir.toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--seed and --seeds: give one of them").doesNotContain("Exception");
        CliRun demo = CliRun.of("demo", "--seed", "3", "--seeds", "1,2", "--out", dir.resolve("demo").toString());
        assertThat(demo.code()).isEqualTo(2);
        assertThat(demo.err()).contains("--seed and --seeds: give one of them");
        CliRun twice = CliRun.of("experiment", "--seeds", "1,2,1", "--out", dir.toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err().strip()).isEqualTo("tailor: --seeds must differ, got [1, 2, 1]");
        CliRun workers = CliRun.of("experiment", "--dataset", "synthetic", "--workers", "0", "--out", dir.toString());
        assertThat(workers.code()).isEqualTo(2);
        assertThat(workers.err()).contains("--workers must be at least 1");
        assertThat(CliRun.of("experiment", "--executor", "pbs").err()).contains("'pbs' is not an executor");
        CliRun collect = CliRun.of("experiment", "--collect", dir.resolve("nothing").toString());
        assertThat(collect.code()).isEqualTo(2);
        assertThat(collect.err()).contains("no grid.json");
        // Each phase's epochs and lr are named by their own flags.
        CliRun lr = CliRun.of("experiment", "--dataset", "synthetic", "--teacher-lr", "0", "--out", dir.toString());
        assertThat(lr.code()).isEqualTo(2);
        assertThat(lr.err().strip()).isEqualTo("tailor: --teacher-lr must be positive, got 0.0");
        CliRun epochs = CliRun.of("experiment", "--dataset", "synthetic", "--alter-epochs", "0", "--out", dir.toString());
        assertThat(epochs.code()).isEqualTo(2);
        assertThat(epochs.err().strip()).isEqualTo("tailor: --alter-epochs must be positive, got 0");
        assertThat(dir.resolve("grid.json")).doesNotExist();
    }

    @Test
    void demoRunsOnFashionMnistShapedFiles() throws Exception {
        ReadersTestFiles.writeIdx(dir.resolve("data"), 300, 28, 28, 10);
        CliRun r = CliRun.of("demo", "--data", dir.resolve("data").toString(), "--max-steps", "2", "--executor", "in-process",
                "--out", dir.resolve("demo").toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("tailor (remove)", "tailor (shorten)", "SkipShortener");
        assertThat(dir.resolve("demo").resolve("hardware.csv")).exists();
        assertThat(dir.resolve("demo").resolve("report.html")).exists();
        assertThat(dir.resolve("demo").resolve("report.md")).exists();
        // the hand-off: both tailored networks exported, each an ONNX model with its hls4ml project
        for (String arm : new String[]{"tailor-remove", "tailor-shorten"}) {
            Path export = dir.resolve("demo").resolve("export").resolve(arm);
            for (String file : new String[]{"model.onnx", "model_hls.onnx", "hls4ml_config.yml", "estimate.json", "run_hls4ml.py"}) {
                assertThat(export.resolve(file)).as(arm + "/" + file).isNotEmptyFile();
            }
            // The default plan's types, as tailor export writes them without options: the design quantize simulates by default.
            assertThat(export.resolve("hls4ml_config.yml")).content().contains("weight: \"ap_fixed<8,1,AP_RND,AP_SAT>\"")
                    .contains("result: \"ap_fixed<8,4,AP_RND,AP_SAT>\"");
            assertThat(r.out()).contains("exported tailor (" + arm.substring("tailor-".length()) + ")");
        }
    }

    @Test
    void demoWithoutDataSaysHowToGetIt() {
        Path out = dir.resolve("demo");
        CliRun r = CliRun.of("demo", "--data", dir.resolve("empty").toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no Fashion-MNIST files").contains("apt-get install dataset-fashion-mnist");
        // Refused before any work: no record of the attempt is left in the run folder.
        assertThat(out.resolve("run.json")).doesNotExist();
    }

    @Test
    void unknownArmOrTargetIsOneLine() {
        CliRun r = CliRun.of("experiment", "--arms", "tailor,best", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--arms", "unknown arm 'best'").doesNotContain("Exception");
        assertThat(CliRun.of("experiment", "--targets", "delete").err()).contains("'delete' is not an alteration target");
    }
}
