package dev.tailor.cli;

import dev.tailor.files.Json;
import dev.tailor.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** quantize end to end on a tiny synthetic checkpoint: accuracy, profile, precision files, user errors. */
class QuantizeCliTest {
    @TempDir
    static Path dir;
    private static Path ckpt;

    @BeforeAll
    static void train() {
        ckpt = TinyCheckpoint.train(dir);
    }

    /** quantize on the first 96 synthetic test images with these arguments. */
    private static CliRun quantize(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("quantize", "--checkpoint", ckpt.toString(),
                "--dataset", "synthetic"));
        if (!java.util.List.of(args).contains("--profile")) {
            all.addAll(java.util.List.of("--limit", "96")); // --profile refuses --limit: it measures training images
        }
        all.addAll(java.util.List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void reportsFixedAndFloatTop1AndWritesJson() throws Exception {
        Path json = dir.resolve("q.json");
        CliRun r = quantize("--precision", "16,6", "--rounding", "rnd", "--overflow", "sat", "--json", json.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("float32      top-1", "fixed point  top-1", "ap_fixed<16,6,AP_RND,AP_SAT>",
                "32 images checked bit-exact").doesNotContain("quantisation-aware");
        String j = Files.readString(json);
        assertThat(j).contains("\"images\" : 96", "\"fastPath\" : true", "\"weightBits\" : 16", "\"floatTop1\"");
    }

    /**
     * Given no types, quantize, export and estimate take the same default plan: the accuracy quantize
     * prints is that of the design export writes, whose every layer carries the plan's types, and
     * estimate.json costs it as estimate does.
     */
    @Test
    void oneDefaultPlanForQuantizeExportAndEstimate() throws Exception {
        CliRun q = quantize();
        assertThat(q.code()).as(q.all()).isZero();
        assertThat(q.out()).contains("precision: " + dev.tailor.fixedpoint.DefaultPlan.describe());
        CliRun explicit = quantize("--per-layer", writePlan(dev.tailor.fixedpoint.DefaultPlan.plan().format()).toString());
        assertThat(topLine(explicit.out())).isEqualTo(topLine(q.out()));

        Path export = dir.resolve("default-export");
        CliRun x = CliRun.of("export", "--checkpoint", ckpt.toString(), "--out", export.toString());
        assertThat(x.code()).as(x.all()).isZero();
        assertThat(x.out()).contains("types: " + dev.tailor.fixedpoint.DefaultPlan.describe());
        com.fasterxml.jackson.databind.JsonNode hls = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(export.resolve("hls4ml_config.yml").toFile()).get("HLSConfig");
        assertThat(hls.at("/Model/Precision").asText()).isEqualTo("ap_fixed<8,4,AP_RND,AP_SAT>");
        java.util.List<String> typed = new java.util.ArrayList<>();
        hls.get("LayerName").fields().forEachRemaining(e -> {
            typed.add(e.getKey());
            // The classifier's MatMul keeps its exact sum; its bias layer rounds once, as the simulation does.
            assertThat(e.getValue().at("/Precision/result").asText()).as(e.getKey())
                    .isEqualTo(e.getKey().equals("fc") ? e.getValue().at("/Precision/accum").asText() : "ap_fixed<8,4,AP_RND,AP_SAT>");
            if (e.getValue().at("/Precision").has("weight")) {
                assertThat(e.getValue().at("/Precision/weight").asText()).as(e.getKey()).isEqualTo("ap_fixed<8,1,AP_RND,AP_SAT>");
                assertThat(e.getValue().at("/Precision/accum").asText()).as(e.getKey()).matches("ap_fixed<\\d\\d,\\d+>");
            }
        });
        assertThat(typed).contains("image", "stem_conv", "stem_relu", "pool", "fc", "fc_bias");
        Path json = dir.resolve("default-estimate.json");
        CliRun e = CliRun.of("estimate", "--checkpoint", ckpt.toString(), "--target", "dataflow", "--json", json.toString());
        assertThat(e.code()).as(e.all()).isZero();
        assertThat(e.out()).contains("types: " + dev.tailor.fixedpoint.DefaultPlan.describe());
        com.fasterxml.jackson.databind.JsonNode est = Json.MAPPER.readTree(export.resolve("estimate.json").toFile());
        com.fasterxml.jackson.databind.JsonNode checkpointRow = Json.MAPPER.readTree(json.toFile()).at("/variants/1");
        assertThat(checkpointRow.get("variant").asText()).isEqualTo("checkpoint");
        assertThat(est.at("/totals/LUT").asDouble()).isEqualTo(checkpointRow.get("LUT").asDouble());
        assertThat(est.at("/totals/BRAM18").asDouble()).isEqualTo(checkpointRow.get("BRAM18").asDouble());

        // The old widths-only form of --precision is refused with the two ways to say it now.
        CliRun old = CliRun.of("estimate", "--precision", "8");
        assertThat(old.code()).isEqualTo(2);
        assertThat(old.err().strip()).isEqualTo("tailor: --precision 8: give a type W,I (ap_fixed<W,I>, as quantize and rtl take it), "
                + "e.g. --precision 8,4; for a what-if estimate of widths alone: --weight-bits 8 --activation-bits 8");
    }

    private static Path writePlan(String text) throws java.io.IOException {
        Path p = Files.createTempFile(dir, "plan", ".txt");
        Files.writeString(p, text);
        return p;
    }

    private static String topLine(String out) {
        return out.lines().filter(l -> l.contains("fixed point  top-1")).findFirst().orElseThrow();
    }

    /**
     * --per-image: a row per image with the raw output integers; the fast path and the bit-exact
     * simulation (--exact) write the same file, its predictions are the argmax of its integers, and
     * its top-1 is the one printed.
     */
    @Test
    void perImageOutputsAreTheSimulationsIntegers() throws Exception {
        Path fast = dir.resolve("fast.csv");
        Path exact = dir.resolve("exact.csv");
        Path npy = dir.resolve("inputs.npy");
        CliRun r = quantize("--precision", "8,3", "--per-image", fast.toString(), "--inputs", npy.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("computed on the engine's fast path", "wrote " + fast + ": 96 images", "wrote " + npy);
        // NumPy's format 1.0: magic, header length, a dict padded to 64 bytes, then 96 x 32 x 32 x 3 little-endian floats.
        byte[] b = Files.readAllBytes(npy);
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(new String(b, 1, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (96, 32, 32, 3), }").endsWith("\n");
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(b.length - 10 - headerLength).isEqualTo(96 * 32 * 32 * 3 * 4);
        CliRun alone = quantize("--precision", "8,3", "--inputs", npy.toString());
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err().strip()).isEqualTo("tailor: --inputs writes the images of --per-image: add --per-image FILE.csv");
        CliRun e = quantize("--precision", "8,3", "--per-image", exact.toString(), "--exact");
        assertThat(e.code()).as(e.all()).isZero();
        assertThat(e.out()).contains("computed by the bit-exact simulation");
        java.util.List<String> lines = Files.readAllLines(fast);
        assertThat(Files.readAllLines(exact)).isEqualTo(lines);
        assertThat(lines.get(0)).startsWith("# resnet8").contains("logits as raw integers of ap_fixed<8,3>", "(value = raw / 2^5)");
        assertThat(lines.get(1)).isEqualTo("image,label,predicted,logit0,logit1,logit2,logit3,logit4,logit5,logit6,logit7,logit8,logit9");
        assertThat(lines).hasSize(2 + 96);
        int correct = 0;
        for (int i = 0; i < 96; i++) {
            long[] v = java.util.Arrays.stream(lines.get(2 + i).split(",")).mapToLong(Long::parseLong).toArray();
            assertThat(v[0]).isEqualTo(i);
            int argmax = 3;
            for (int k = 3; k < v.length; k++) {
                assertThat(v[k]).isBetween(-128L, 127L); // 8-bit raw integers
                if (v[k] > v[argmax]) {
                    argmax = k;
                }
            }
            assertThat(v[2]).isEqualTo(argmax - 3);
            correct += v[1] == v[2] ? 1 : 0;
        }
        assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "fixed point  top-1 %.4f", correct / 96.0));
        assertThat(quantize("--profile", dir.resolve("p.txt").toString(), "--precision", "8,3", "--per-image", fast.toString()).err())
                .contains("--per-image");
    }

    @Test
    void profileWritesAPlanThatQuantizeReads() throws Exception {
        Path plan = dir.resolve("plan8.txt");
        CliRun r = quantize("--profile", plan.toString(), "--precision", "8,3", "--calibration", "40");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("ranges of", "stage3.block1.add", "out p99.99", "wrote " + plan);
        String text = Files.readString(plan);
        assertThat(text).contains("default:", "default.accum:", "stem.conv.weight:", "fc.result:", "# max ");
        r = quantize("--per-layer", plan.toString(), "--exact");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("fixed point  top-1", "computed by the bit-exact simulation", "per-layer entries");
        // The same file under the name estimate and export give it: the same result.
        CliRun same = quantize("--precision-file", plan.toString(), "--exact");
        assertThat(same.code()).as(same.all()).isZero();
        assertThat(same.out()).isEqualTo(r.out());
    }

    @Test
    void aLeastSquaresProfileGivesNarrowTypesFractionBits() throws Exception {
        Path max = dir.resolve("plan4-max.txt");
        Path mse = dir.resolve("plan4-mse.txt");
        for (Path plan : java.util.List.of(max, mse)) {
            CliRun r = quantize("--profile", plan.toString(), "--precision", "4,2", "--overflow", "sat", "--calibration", "40", "--fit",
                    plan == mse ? "mse" : "max");
            assertThat(r.code()).as(r.all()).isZero();
            assertThat(r.out()).contains(plan == mse ? "integer bits: least squared error" : "integer bits: hold the maximum");
        }
        java.util.Map<String, Integer> held = integerBits(max);
        java.util.Map<String, Integer> fitted = integerBits(mse);
        assertThat(fitted.keySet()).isEqualTo(held.keySet());
        fitted.forEach((key, bits) -> assertThat(bits).as(key).isLessThanOrEqualTo(held.get(key)));
        assertThat(fitted).as("some type gives up range for fraction bits").isNotEqualTo(held);
        CliRun r = quantize("--per-layer", mse.toString(), "--exact");
        assertThat(r.code()).as(r.all()).isZero();
    }

    /** LAYER.ROLE -> I of every ap_fixed line of a precision file. */
    private static java.util.Map<String, Integer> integerBits(Path plan) throws Exception {
        java.util.Map<String, Integer> m = new java.util.TreeMap<>();
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("(?m)^([\\w.]+):\\s+ap_fixed<4,(-?\\d+)").matcher(Files.readString(plan));
        while (x.find()) {
            m.put(x.group(1), Integer.parseInt(x.group(2)));
        }
        assertThat(m).as(plan.toString()).hasSizeGreaterThan(10);
        return m;
    }

    /** train --qat and alter --qat record their plans; quantize --validation reproduces the run's validation top-1. */
    @Test
    void qatRunsAreReproducedByTheSimulation() throws Exception {
        Path run = dir.resolve("qat");
        CliRun r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--max-steps", "4", "--qat", "6,5",
                "--qat-calibration", "32", "--out", run.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("quantisation-aware: weights 6 bits, activations 5 bits");
        double val = Json.MAPPER.readTree(run.resolve("summary.json").toFile()).get("bestValTop1").asDouble();
        Path json = dir.resolve("qat.json");
        r = CliRun.of("quantize", "--checkpoint", run.resolve("best.ckpt").toString(), "--dataset", "synthetic", "--validation",
                "--json", json.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("without the quantisation they were trained with", "trained quantisation-aware: this is the network's accuracy");
        var j = Json.MAPPER.readTree(json.toFile());
        assertThat(j.get("fixedTop1").asDouble()).isEqualTo(val);
        assertThat(j.get("plan").asText()).contains("stem.conv.weight:", "ap_fixed<6,", "AP_SAT");
        Path shortTeacher = dir.resolve("short-teacher");
        r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--topology", "short-teacher", "--epochs", "1", "--max-steps", "2",
                "--out", shortTeacher.toString());
        assertThat(r.code()).as(r.all()).isZero();
        Path altered = dir.resolve("qat-alter");
        r = CliRun.of("alter", "--teacher", shortTeacher.resolve("best.ckpt").toString(), "--mode", "shorten", "--every", "1", "--epochs", "4",
                "--order", "0,1", "--dataset", "synthetic", "--max-steps", "2", "--qat", "8,8", "--qat-calibration", "16",
                "--out", altered.toString());
        assertThat(r.code()).as(r.all()).isZero();
        String plan = Checkpoint.load(altered.resolve("best.ckpt")).header().get("qatPlan").asText();
        assertThat(plan).as("layers of the teacher's wiring and of the shortened one")
                .contains("stage1.block1.add.result:", "stage1.block1.add1.result:", "stage2.block1.add2.result:");
        double alteredVal = Json.MAPPER.readTree(altered.resolve("summary.json").toFile()).get("bestValTop1").asDouble();
        r = CliRun.of("quantize", "--checkpoint", altered.resolve("best.ckpt").toString(), "--dataset", "synthetic",
                "--validation", "--exact", "--json", json.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(Json.MAPPER.readTree(json.toFile()).get("fixedTop1").asDouble()).isEqualTo(alteredVal);
    }

    /** train --init starts from a checkpoint's network and weights (here with a step too small to move them). */
    @Test
    void trainCanStartFromACheckpoint() {
        Path run = dir.resolve("init");
        CliRun r = CliRun.of("train", "--dataset", "synthetic", "--init", ckpt.toString(), "--epochs", "1", "--max-steps", "1",
                "--lr", "1e-12", "--weight-decay", "0", "--qat", "8,8", "--qat-calibration", "8", "--out", run.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("training resnet8 standard", "quantisation-aware");
        float[] before = Checkpoint.load(ckpt).modelWeights().get("stage2.block1.conv1.weight").values();
        float[] after = Checkpoint.load(run.resolve("last.ckpt")).modelWeights().get("stage2.block1.conv1.weight").values();
        assertThat(after).containsExactly(before, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Checkpoint.load(run.resolve("last.ckpt")).spec()).isEqualTo(Checkpoint.load(ckpt).spec());

        r = CliRun.of("train", "--dataset", "synthetic", "--init", ckpt.toString(), "--width", "8", "--out", dir.resolve("never").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tailor: --width cannot be combined with --init " + ckpt).doesNotContain("\n");
    }

    @Test
    void userErrorsAreOneLine() throws Exception {
        Path typo = dir.resolve("typo.txt");
        Files.writeString(typo, "default: ap_fixed<8,3>\nstage1.block1.bn1: ap_fixed<8,1>\n");
        String[][] cases = {{"--per-layer", typo.toString()}, {"--precision", "8,3", "--per-layer", typo.toString()},
                {"--precision", "8,30"}, {"--precision", "8,3", "--rounding", "conv"},
                // Options the chosen mode would ignore.
                {"--profile", dir.resolve("p.txt").toString(), "--precision", "8,3", "--json", dir.resolve("q.json").toString(), "--limit", "5"},
                {"--precision", "8,3", "--calibration", "10"}, {"--precision", "8,3", "--val-fraction", "0.2"},
                {"--profile", dir.resolve("p.txt").toString()}, {"--precision", "8,3", "--fit", "mse"},
                {"--profile", dir.resolve("p.txt").toString(), "--precision", "4,2", "--fit", "median"},
                {"--profile", dir.resolve("p.txt").toString(), "--precision", "4,2", "--fit", "mse"}};
        String[] messages = {typo + ":2: 'stage1.block1.bn1' is not a layer", "sets 'default', which --precision/--accum also set", "--precision 8,30: <8,30>: fraction bits", "--rounding",
                "--json, --limit: not used with --profile (it measures ranges and writes the precision file it names)",
                "--calibration applies to --profile", "--val-fraction applies to --validation",
                "--profile needs --precision W,I", "--fit applies to --profile", "--fit",
                "--fit mse gives rare large values up to overflow: add --overflow sat"};
        for (int i = 0; i < cases.length; i++) {
            CliRun r = quantize(cases[i]);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("tailor: ").contains(messages[i]).doesNotContain("Exception");
        }
        assertThat(quantize("--per-layer", typo.toString()).err().strip()).doesNotContain("\n");
        // --out names a folder everywhere else: the precision file is --profile's own argument now.
        CliRun old = quantize("--precision", "8,3", "--out", dir.resolve("p.txt").toString());
        assertThat(old.code()).isEqualTo(2);
        assertThat(old.err()).contains("quantize now takes the precision file as --profile FILE");
        assertThat(dir.resolve("p.txt")).doesNotExist();
        assertThat(dir.resolve("q.json")).doesNotExist();
        assertThat(quantize("--precision", "8,3", "--rounding", "conv").err()).contains("TRN, RND");
    }
}
