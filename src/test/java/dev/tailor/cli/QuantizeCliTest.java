package dev.tailor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** quantize end to end on a tiny synthetic checkpoint: accuracy, profile, precision files, user errors. */
class QuantizeCliTest {
    @TempDir
    static Path dir;
    private static Path ckpt;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeAll
    static void train() {
        assertThat(TailorCli.run("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--max-steps", "4",
                "--out", dir.resolve("t").toString())).isZero();
        ckpt = dir.resolve("t").resolve("best.ckpt");
    }

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

    /** quantize on the first 96 synthetic test images with these arguments. */
    private int quantize(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("quantize", "--checkpoint", ckpt.toString(),
                "--dataset", "synthetic", "--limit", "96"));
        all.addAll(java.util.List.of(args));
        return TailorCli.run(all.toArray(String[]::new));
    }

    @Test
    void reportsFixedAndFloatTop1AndWritesJson() throws Exception {
        Path json = dir.resolve("q.json");
        assertThat(quantize("--precision", "16,6", "--rounding", "rnd", "--overflow", "sat", "--json", json.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("float32      top-1", "fixed point  top-1", "ap_fixed<16,6,AP_RND,AP_SAT>",
                "32 images checked bit-exact");
        String j = Files.readString(json);
        assertThat(j).contains("\"images\" : 96", "\"fastPath\" : true", "\"weightBits\" : 16", "\"floatTop1\"");
    }

    @Test
    void profileWritesAPlanThatQuantizeReads() throws Exception {
        Path plan = dir.resolve("plan8.txt");
        assertThat(quantize("--profile", "--precision", "8,3", "--calibration", "40", "--out", plan.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ranges of", "stage3.block1.add", "out p99.99", "wrote " + plan);
        String text = Files.readString(plan);
        assertThat(text).contains("default:", "default.accum:", "stem.conv.weight:", "fc.result:", "# max ");
        out.reset();
        assertThat(quantize("--per-layer", plan.toString(), "--exact")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("fixed point  top-1", "computed by the bit-exact simulation", "per-layer entries");
    }

    /** train --qat and alter --qat record their plans; quantize --validation reproduces the run's validation top-1. */
    @Test
    void qatRunsAreReproducedByTheSimulation() throws Exception {
        Path run = dir.resolve("qat");
        assertThat(TailorCli.run("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--max-steps", "4", "--qat", "6,5",
                "--qat-calibration", "32", "--out", run.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("quantisation-aware: weights 6 bits, activations 5 bits");
        double val = dev.tailor.train.Checkpoint.JSON.readTree(run.resolve("summary.json").toFile()).get("bestValTop1").asDouble();
        Path json = dir.resolve("qat.json");
        assertThat(TailorCli.run("quantize", "--checkpoint", run.resolve("best.ckpt").toString(), "--dataset", "synthetic",
                "--validation", "--json", json.toString())).as(err.toString()).isZero();
        var j = dev.tailor.train.Checkpoint.JSON.readTree(json.toFile());
        assertThat(j.get("fixedTop1").asDouble()).isEqualTo(val);
        assertThat(j.get("plan").asText()).contains("stem.conv.weight:", "ap_fixed<6,", "AP_SAT");
        Path altered = dir.resolve("qat-alter");
        assertThat(TailorCli.run("alter", "--teacher", ckpt.toString(), "--mode", "shorten", "--every", "1", "--epochs", "4",
                "--order", "0,1", "--dataset", "synthetic", "--max-steps", "2", "--qat", "8,8", "--qat-calibration", "16",
                "--out", altered.toString())).as(err.toString()).isZero();
        String plan = dev.tailor.train.Checkpoint.load(altered.resolve("best.ckpt")).header().get("qatPlan").asText();
        assertThat(plan).as("layers of the teacher's wiring and of the shortened one")
                .contains("stage1.block1.add.result:", "stage1.block1.add1.result:", "stage2.block1.add2.result:");
        double alteredVal = dev.tailor.train.Checkpoint.JSON.readTree(altered.resolve("summary.json").toFile()).get("bestValTop1").asDouble();
        assertThat(TailorCli.run("quantize", "--checkpoint", altered.resolve("best.ckpt").toString(), "--dataset", "synthetic",
                "--validation", "--exact", "--json", json.toString())).as(err.toString()).isZero();
        assertThat(dev.tailor.train.Checkpoint.JSON.readTree(json.toFile()).get("fixedTop1").asDouble()).isEqualTo(alteredVal);
    }

    @Test
    void userErrorsAreOneLine() throws Exception {
        Path typo = dir.resolve("typo.txt");
        Files.writeString(typo, "default: ap_fixed<8,3>\nstage1.block1.bn1: ap_fixed<8,1>\n");
        assertThat(quantize("--per-layer", typo.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("tailor: " + typo + ":2: 'stage1.block1.bn1' is not a layer").doesNotContain("\n");
        err.reset();
        assertThat(quantize("--precision", "8,3", "--per-layer", typo.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("sets 'default', which --precision/--accum also set");
        err.reset();
        assertThat(quantize()).isEqualTo(2);
        assertThat(err.toString()).contains("give --precision W,I or --per-layer FILE");
        err.reset();
        assertThat(quantize("--precision", "8,30")).isEqualTo(2);
        assertThat(err.toString()).contains("--precision 8,30: <8,30>: fraction bits");
        err.reset();
        assertThat(quantize("--precision", "8,3", "--rounding", "conv")).isEqualTo(2);
        assertThat(err.toString()).contains("--rounding", "TRN, RND");
    }
}
