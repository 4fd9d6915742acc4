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
        assertThat(out.toString()).contains("ESTIMATES", "| none |", "BRAM18", "(-33.3%)", "| policy | long,none,short |");
        assertThat(Files.readString(json)).contains("\"variant\" : \"none\"", "not synthesis");
        assertThat(Files.readAllLines(csv)).hasSize(5);
        out.reset();
        assertThat(TailorCli.run("estimate", "--skips", "none", "--breakdown", "--weight-bits", "4", "--activation-bits", "4")).isZero();
        assertThat(out.toString()).contains("w4/a4", "dataflow stage", "stage3.block1.conv2", "PE-array layer");
        err.reset();
        assertThat(TailorCli.run("estimate", "--fifo", "sideways")).isEqualTo(2);
        assertThat(err.toString()).contains("--fifo 'sideways' is not one of default, optimized");
        assertThat(TailorCli.run("estimate", "--policy", "long,none")).isEqualTo(2);
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
