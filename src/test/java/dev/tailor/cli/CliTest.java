package dev.tailor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void helpListsCommands() {
        assertThat(TailorCli.run("--help")).isZero();
        assertThat(out.toString()).contains("models", "train", "evaluate");
    }

    @Test
    void modelsPrintsTheZoo() {
        assertThat(TailorCli.run("models")).isZero();
        assertThat(out.toString()).contains("resnet8", "78,042", "12,501,632", "resnet50", "25,557,032");
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() {
        assertThat(TailorCli.run("train", "--model", "resnet9", "--epochs", "1", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("tailor: unknown model 'resnet9'").doesNotContain("\n").doesNotContain("Exception");
        err.reset();
        assertThat(TailorCli.run("train", "--dataset", "mnist", "--data", dir.resolve("none").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such directory").doesNotContain("at dev.");
        err.reset();
        assertThat(TailorCli.run("train", "--epochs", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("--epochs");
        err.reset();
        assertThat(TailorCli.run("evaluate", "--checkpoint", dir.resolve("x.ckpt").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("x.ckpt").contains("no such checkpoint");
    }

    @Test
    void estimatePrintsLabelledTableAndWritesFiles() throws Exception {
        Path json = dir.resolve("e.json");
        Path csv = dir.resolve("e.csv");
        assertThat(TailorCli.run("estimate", "--model", "resnet8", "--policy", "long,none,short", "--json", json.toString(),
                "--csv", csv.toString())).isZero();
        // The reference ResNet-8 design needs more than the xc7z020's 280 BRAM18: flagged in the table, not only in a number.
        assertThat(out.toString()).contains("ESTIMATES", "| none |", "BRAM18", "BRAM18_pct", "| fits |", "**NO**",
                "| policy | long,none,short |");
        assertThat(Files.readString(json)).contains("\"variant\" : \"none\"", "not synthesis", "\"fits\" : false", "\"part\" : \"xc7z020\"");
        assertThat(Files.readAllLines(csv)).hasSize(5);
        out.reset();
        assertThat(TailorCli.run("estimate", "--skips", "none", "--breakdown", "--weight-bits", "4", "--activation-bits", "4")).isZero();
        assertThat(out.toString()).contains("w4/a4", "dataflow stage", "stage3.block1.conv2", "PE-array layer");
        err.reset();
        assertThat(TailorCli.run("estimate", "--fifo", "sideways")).isEqualTo(2);
        assertThat(err.toString()).contains("--fifo", "sideways", "OPTIMIZED");
        assertThat(TailorCli.run("estimate", "--policy", "long,none")).isEqualTo(2);
    }

    @Test
    void estimateFitsOnTheSmallestPartAndFlagsDeadlocks() {
        assertThat(TailorCli.run("estimate", "--target", "DATAFLOW", "--part", "auto", "--skips", "long")).isZero();
        // 614 BRAM18: over the xc7z020 (280) and xc7a100t (270), within the xczu7ev (624).
        assertThat(out.toString()).contains("part: auto", "| xczu7ev |", "| yes |").doesNotContain("frames_s");
        out.reset();
        assertThat(TailorCli.run("estimate", "--target", "dataflow", "--skips", "long", "--fifo", "fixed", "--fifo-depth", "32",
                "--breakdown")).isZero();
        assertThat(out.toString()).contains("WOULD DEADLOCK", "DEADLOCK (safe:", "min safe");
        out.reset();
        assertThat(TailorCli.run("estimate", "--target", "dataflow", "--skips", "none", "--simulate", "--sim-frames", "2")).isZero();
        assertThat(out.toString()).contains("Stream simulation", "| none | ran |");
    }

    @Test
    void estimateReadsPerLayerPrecisionFromAFile() throws Exception {
        Path file = dir.resolve("precision.txt");
        Files.writeString(file, "# mixed precision\nstage3.block1.conv2 2/4/16\nstage3.block1.conv1=4/8/16  # a comment\n");
        assertThat(TailorCli.run("estimate", "--target", "dataflow", "--skips", "long", "--precision-file", file.toString(),
                "--breakdown")).isZero();
        assertThat(out.toString()).contains("(+2 per-layer)");
        Files.writeString(file, "stage3.block1.conv2 2/4/16\nstage3.block1.conv1 4/8\n");
        err.reset();
        assertThat(TailorCli.run("estimate", "--precision-file", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--precision-file", "line 2", "WEIGHT/ACTIVATION/ACCUMULATOR");
    }

    @Test
    void estimatePlansAll() {
        assertThat(TailorCli.run("estimate", "--model", "resnet8", "--plans", "all", "--budget", "bram18=450", "--csv",
                dir.resolve("plans.csv").toString())).isZero();
        assertThat(out.toString()).contains("27 plans (3^3)", "Pareto front", "Budget bram18 <= 450", "Marginal savings, one block none",
                "Marginal savings, one block short");
        assertThat(dir.resolve("plans.csv")).content().hasLineCount(28);
    }

    @Test
    void estimateUserErrorsNameTheirOption() {
        String[][] bad = {{"--part", "xc9999"}, {"--plans", "all", "--budget", "bram=3"}, {"--budget", "bram18=3"},
                {"--layer-precision", "stage9.conv1=4/4/8"}, {"--layer-precision", "stage1.block1.conv1=4/4"},
                {"--layer-reuse", "stage1.block1.conv1=x"}, {"--reuse", "0"}, {"--array", "32"}, {"--dataflow", "xs"},
                {"--top", "0"}, {"--sim-frames", "1"}, {"--sram-kib", "0"}, {"--model", "resnet110", "--plans", "all"},
                {"--model", "resnet9"}, {"--input", "3x32"}};
        for (String[] args : bad) {
            err.reset();
            String[] full = new String[args.length + 1];
            full[0] = "estimate";
            System.arraycopy(args, 0, full, 1, args.length);
            assertThat(TailorCli.run(full)).as(String.join(" ", args)).isEqualTo(2);
            String option = args[args.length - 2].startsWith("--") ? args[args.length - 2] : args[0];
            assertThat(err.toString()).as(String.join(" ", args)).contains(option).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(err.toString().strip().lines().count()).as(String.join(" ", args)).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void estimateHelpListsTheChoices() {
        assertThat(TailorCli.run("estimate", "--help")).isZero();
        assertThat(out.toString()).contains("default (whole maps", "optimized (each at its minimum safe", "fixed (every FIFO", "os, ws, is",
                "auto, xc7z020", "dataflow, pe-array, both", "vivado, vitis", "latency, resource");
    }

    @Test
    void trainThenEvaluate() {
        Path run = dir.resolve("run");
        int code = TailorCli.run("train", "--model", "resnet8", "--width", "4", "--dataset", "synthetic", "--epochs", "1",
                "--max-steps", "5", "--out", run.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.exists(run.resolve("summary.json"))).isTrue();
        assertThat(TailorCli.run("evaluate", "--checkpoint", run.resolve("last.ckpt").toString())).isZero();
        assertThat(out.toString()).contains("top1");
    }
}
