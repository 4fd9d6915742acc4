package dev.tailor.handoff;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tailor.cli.CliRun;
import dev.tailor.data.Normalization;
import dev.tailor.files.Json;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.nn.RandomBatchNorm;
import dev.tailor.onnx.OnnxWriter;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tailor export} from a checkpoint: the four files, an hls4ml configuration that agrees with the estimate, user errors. */
class ExporterTest {
    private static final String[] HARDWARE = {"--weight-bits", "6", "--activation-bits", "6", "--accum-bits", "18", "--reuse", "144", "--strategy", "latency",
            "--fifo", "hls4ml", "--hls", "vitis", "--part", "xczu7ev", "--clock", "200", "--layer-reuse", "stage2.block1.conv2=32"};
    @TempDir
    Path dir;

    @Test
    void writesAnHls4mlProjectThatAgreesWithTheEstimate() throws Exception {
        Path ck = checkpoint(dir.resolve("net.ckpt"), SkipMode.NONE);
        Path exp = dir.resolve("export");
        List<String> args = new ArrayList<>(List.of("export", "--checkpoint", ck.toString(), "--out", exp.toString()));
        args.addAll(List.of(HARDWARE));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("exported resnet8 standard [long,none,short]", "next: python3 " + exp.resolve(Exporter.SCRIPT));
        assertThat(exp.resolve(Exporter.SCRIPT)).content().contains(Exporter.HLS_MODEL, "convert_from_config", "compile()", "--compare")
                .doesNotContain("qonnx.");
        assertThat(exp.resolve(Exporter.HLS_MODEL)).isRegularFile();

        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(exp.resolve(Exporter.MODEL)));
        Map<String, String> meta = model.getMetadataPropsList().stream()
                .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
        assertThat(meta.get("tailor.normalization")).contains("[125.0,", "[50.0,");
        assertThat(meta.get("tailor.batchnorm")).isEqualTo("folded into the convs");
        Set<String> computeNodes = model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Conv") || n.getOpType().equals("MatMul")).map(NodeProto::getName)
                .collect(Collectors.toCollection(java.util.HashSet::new));

        JsonNode yml = new YAMLMapper().readTree(exp.resolve(Exporter.CONFIG).toFile());
        assertThat(yml.get("OnnxModel").asText()).isEqualTo("model_hls.onnx");
        assertThat(yml.get("Backend").asText()).isEqualTo("Vitis");
        assertThat(yml.get("Part").asText()).isEqualTo("xczu7ev-ffvc1156-2-e");
        assertThat(yml.get("ClockPeriod").asDouble()).isEqualTo(5.0);
        assertThat(yml.get("IOType").asText()).isEqualTo("io_stream");
        JsonNode hls = yml.get("HLSConfig");
        assertThat(hls.at("/Model/Precision").asText()).isEqualTo("ap_fixed<6,3>");
        assertThat(hls.at("/Model/ReuseFactor").asInt()).isEqualTo(144);
        assertThat(hls.at("/Model/Strategy").asText()).isEqualTo("Latency");
        assertThat(hls.get("Flows").get(0).asText()).isEqualTo("vitis:fifo_depth_optimization");
        List<String> layerNames = new ArrayList<>();
        hls.get("LayerName").fieldNames().forEachRemaining(layerNames::add);
        computeNodes.add("fc_bias");
        assertThat(layerNames).containsExactlyInAnyOrderElementsOf(computeNodes);
        layerNames.remove("fc_bias");
        assertThat(hls.at("/LayerName/fc_bias/Precision/bias").asText()).startsWith("ap_fixed<18,");

        JsonNode estimate = Json.MAPPER.readTree(exp.resolve(Exporter.ESTIMATE).toFile());
        assertThat(estimate.get("config").asText()).contains("w6/a6/acc18", "RF 144", "FIFO hls4ml", "Vitis", "200 MHz", "xczu7ev",
                "short skips as hls4ml builds them");
        Map<String, Integer> estimatedReuse = new HashMap<>();
        estimate.get("stages").forEach(s -> {
            if (s.has("onnxNode")) {
                estimatedReuse.put(s.get("onnxNode").asText(), s.get("reuseFactor").asInt());
            }
        });
        for (String node : layerNames) {
            JsonNode entry = hls.get("LayerName").get(node);
            // A short skip's projection is costed inside the conv it spans (no stage of its own): it gets the factor the model
            // costs it at, the largest not above 144 that hls4ml accepts. 16x32 and 32x64 weights: 144 divides neither; 128 is a
            // multiple of the 16 or 32 inputs that divides both weight counts.
            Integer estimated = estimatedReuse.get(node);
            assertThat(estimated != null || node.endsWith("_proj_conv")).as(node).isTrue();
            assertThat(entry.get("ReuseFactor").asInt()).as(node).isEqualTo(estimated != null ? estimated : 128);
            assertThat(entry.at("/Precision/weight").asText()).matches("ap_fixed<6,\\d>");
            assertThat(entry.at("/Precision/accum").asText()).startsWith("ap_fixed<18,");
        }
        // --layer-reuse stage2.block1.conv2=32: its outputs sum 3x3x16 = 144 products, which 32 cycles would split (4.5 a
        // cycle), so hls4ml refuses 32; the largest below it that hls4ml accepts is 24 (6 a cycle).
        assertThat(estimatedReuse.get("stage2_block1_conv2")).isEqualTo(24);

        // tailor estimate with the same options gives the same figures.
        assertEstimateAgrees(ck, HARDWARE, estimate);
    }

    /**
     * A precision file (quantize's format) sets every layer's types in hls4ml_config.yml, and the
     * widths in estimate.json are tailor estimate's for the same file.
     */
    @Test
    void aPrecisionFileSetsEveryLayersTypes() throws Exception {
        Path ck = checkpoint(dir.resolve("net.ckpt"), SkipMode.NONE);
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "default: ap_fixed<8,3>\ndefault.accum: auto\nstage1.block1.conv1.weight: ap_fixed<6,1,AP_RND,AP_SAT>\n"
                + "fc.result: ap_fixed<12,6>\n");
        Path exp = dir.resolve("planned");
        CliRun run = CliRun.of("export", "--checkpoint", ck.toString(), "--out", exp.toString(), "--precision-file", plan.toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode hls = new YAMLMapper().readTree(exp.resolve(Exporter.CONFIG).toFile()).get("HLSConfig");
        assertThat(hls.at("/Model/Precision").asText()).isEqualTo("ap_fixed<8,3>");
        JsonNode conv = hls.at("/LayerName/stage1_block1_conv1/Precision");
        assertThat(conv.get("weight").asText()).isEqualTo("ap_fixed<6,1,AP_RND,AP_SAT>");
        assertThat(conv.get("result").asText()).isEqualTo("ap_fixed<8,3>");
        // hls4ml's auto accumulator over 4 channels x 3x3 (g = 6 guard bits): I = 3 + 1 + 6 + 1, F = 5 + 5.
        assertThat(conv.get("accum").asText()).isEqualTo("ap_fixed<21,11>");
        // The MatMul keeps its exact sum; the bias layer after it rounds to the plan's result type once.
        assertThat(hls.at("/LayerName/fc/Precision/result").asText()).isEqualTo(hls.at("/LayerName/fc/Precision/accum").asText());
        assertThat(hls.at("/LayerName/fc_bias/Precision/result").asText()).isEqualTo("ap_fixed<12,6>");
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(exp.resolve(Exporter.MODEL)));
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("Relu") || n.getOpType().equals("Add") && !n.getName().equals("fc_bias")) {
                assertThat(hls.at("/LayerName/" + n.getName() + "/Precision/result").asText()).as(n.getName()).isEqualTo("ap_fixed<8,3>");
            }
        }
        assertThat(hls.at("/LayerName/image/Precision/result").asText()).isEqualTo("ap_fixed<8,3>");

        JsonNode estimate = Json.MAPPER.readTree(exp.resolve(Exporter.ESTIMATE).toFile());
        Path json = dir.resolve("planned-estimate.json");
        CliRun estimated = CliRun.of("estimate", "--checkpoint", ck.toString(), "--target", "dataflow", "--skips", "none",
                "--precision-file", plan.toString(), "--json", json.toString(), "--short-skips", "hls4ml");
        assertThat(estimated.code()).as(estimated.err()).isZero();
        assertSameTotals(estimate, json);
        Exporter.Result uniform = Exporter.export(ck, dir.resolve("uniform"), ExportOptions.defaults().withFoldBatchNorm(true));
        assertThat(Json.MAPPER.readTree(uniform.estimate().toFile()).at("/totals/LUT").asDouble())
                .as("auto accumulators are wider than the default 16 bits").isLessThan(estimate.at("/totals/LUT").asDouble());

        Files.writeString(plan, "default: ap_fixed<8,3>\nstage1.block1.bn1: ap_fixed<8,1>\n");
        CliRun typo = CliRun.of("export", "--checkpoint", ck.toString(), "--out", dir.resolve("never").toString(), "--precision-file",
                plan.toString());
        assertThat(typo.code()).isEqualTo(2);
        CliRun both = CliRun.of("export", "--checkpoint", ck.toString(), "--out", dir.resolve("never").toString(), "--precision-file",
                plan.toString(), "--layer-precision", "stage1.block1.conv1=4/4/12");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--layer-precision: the fixed-point --precision-file " + plan + " sets every layer's types");
        assertThat(typo.err().strip()).startsWith("tailor: " + plan + ":2: 'stage1.block1.bn1' is not a layer").doesNotContain("\n");
        assertThat(dir.resolve("never")).doesNotExist();

        // The design merges block 1's entry ReLU into the stem's; types that differ would make it compute something else.
        Files.writeString(plan, "default: ap_fixed<8,3>\nstage1.block1.relu0.result: ap_fixed<6,2>\n");
        CliRun merged = CliRun.of("export", "--checkpoint", ck.toString(), "--out", dir.resolve("never").toString(), "--precision-file",
                plan.toString());
        assertThat(merged.code()).isEqualTo(2);
        assertThat(merged.err().strip()).isEqualTo("tailor: the precision file gives stage1.block1.relu0 ap_fixed<6,2> but stem.relu, whose "
                + "output it repeats, ap_fixed<8,3>: the exported design merges the two ReLUs, so it would not compute what quantize "
                + "simulates; give stage1.block1.relu0 the type ap_fixed<8,3>");
        assertThat(dir.resolve("never")).doesNotExist();

        // An empty precision file (blank lines and comments only) is refused as quantize --per-layer refuses it.
        Files.writeString(plan, "# nothing yet\n\n");
        CliRun empty = CliRun.of("export", "--checkpoint", ck.toString(), "--out", dir.resolve("never").toString(), "--precision-file",
                plan.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip()).isEqualTo("tailor: --precision-file " + plan + ": has no 'default:' line");
        assertThat(dir.resolve("never")).doesNotExist();
        empty = CliRun.of("estimate", "--checkpoint", ck.toString(), "--precision-file", plan.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip()).isEqualTo("tailor: --precision-file " + plan + ": has no 'default:' line");
    }

    @Test
    void foldsBatchNormByDefaultKeepsItWhenAskedAndAsksForNoFifoFlowByDefault() throws Exception {
        Path ck = checkpoint(dir.resolve("net.ckpt"), SkipMode.LONG);
        Exporter.Result r = Exporter.export(ck, dir.resolve("plain"), ExportOptions.defaults());
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(r.model()));
        assertThat(model.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("BatchNormalization"));
        Exporter.Result kept = Exporter.export(ck, dir.resolve("kept"), ExportOptions.defaults().withFoldBatchNorm(false));
        assertThat(ModelProto.parseFrom(Files.readAllBytes(kept.model())).getGraph().getNodeList())
                .anyMatch(n -> n.getOpType().equals("BatchNormalization"));
        CliRun old = CliRun.of("export", "--checkpoint", ck.toString(), "--out", dir.resolve("old").toString(), "--fold-bn");
        assertThat(old.code()).isEqualTo(2);
        assertThat(old.err().strip()).contains("--fold-bn: BatchNorm is now folded by default; --keep-bn").doesNotContain("\n");
        assertThat(dir.resolve("old")).doesNotExist();
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(13);
        JsonNode yml = new YAMLMapper().readTree(r.config().toFile());
        assertThat(yml.get("HLSConfig").has("Flows")).isFalse();
        assertThat(yml.get("Backend").asText()).isEqualTo("Vivado");
        assertThat(yml.get("Part").asText()).isEqualTo("xc7z020clg400-1");
        assertThat(yml.at("/HLSConfig/Model/Precision").asText()).isEqualTo("ap_fixed<8,4>");
    }

    /**
     * model_hls.onnx is model.onnx as hls4ml's ONNX front end reads it without qonnx: the rules of
     * its parsers (convolution.py, pooling.py, core.py, onnx_to_hls.py) hold, and read that way it
     * computes what ONNX Runtime computes from model.onnx. The configuration names its input and
     * keeps the dense sum exact until the bias layer.
     */
    @Test
    void theChannelsLastFileIsWhatHls4mlReads() throws Exception {
        Path ck = checkpoint(dir.resolve("net.ckpt"), SkipMode.NONE);
        for (boolean keepBn : new boolean[]{false, true}) {
            Path exp = dir.resolve(keepBn ? "kept" : "folded");
            List<String> args = new ArrayList<>(List.of("export", "--checkpoint", ck.toString(), "--out", exp.toString()));
            if (keepBn) {
                args.add("--keep-bn");
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.code()).as(run.err()).isZero();
            byte[] nchw = Files.readAllBytes(exp.resolve(Exporter.MODEL));
            ModelProto hls = ModelProto.parseFrom(Files.readAllBytes(exp.resolve(Exporter.HLS_MODEL)));
            assertThat(hls.getOpsetImportList()).anyMatch(o -> o.getDomain().equals(OnnxWriter.CHANNELS_LAST_DOMAIN));
            Set<String> described = hls.getGraph().getValueInfoList().stream().map(v -> v.getName()).collect(Collectors.toSet());
            described.add(hls.getGraph().getInput(0).getName());
            for (NodeProto n : hls.getGraph().getNodeList()) {
                boolean channelsLastOp = Set.of("Conv", "MaxPool", "BatchNormalization").contains(n.getOpType());
                assertThat(n.getDomain()).as(n.getName()).isEqualTo(channelsLastOp ? OnnxWriter.CHANNELS_LAST_DOMAIN : "");
                // hls4ml looks the shape of every input of every node up, weights included.
                assertThat(described).as(n.getName()).containsAll(n.getInputList());
            }
            assertThat(keepBn).isEqualTo(hls.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("BatchNormalization")));
            var input = hls.getGraph().getInput(0);
            assertThat(input.getName()).isEqualTo("image");
            assertThat(input.getType().getTensorType().getShape().getDimList()).extracting(d -> d.getDimValue()).containsExactly(1L, 16L, 16L, 3L);
            String poolInput = hls.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("GlobalAveragePool")).findFirst()
                    .orElseThrow().getInput(0);
            assertThat(hls.getGraph().getValueInfoList().stream().filter(v -> v.getName().equals(poolInput)).findFirst().orElseThrow()
                    .getType().getTensorType().getShape().getDimList()).extracting(d -> d.getDimValue()).containsExactly(1L, 16L, 4L, 4L);

            java.util.Random rnd = new java.util.Random(7);
            int images = 3;
            float[] x = new float[images * 3 * 16 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] want = OnnxRuntime.logits(nchw, x, images, 3, 16, 16);
            for (int img = 0; img < images; img++) {
                float[] hwc = new float[3 * 16 * 16];
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 256; p++) {
                        hwc[p * 3 + c] = x[(img * 3 + c) * 256 + p];
                    }
                }
                float[] got = ChannelsLastInterpreter.logits(hls, hwc, 16, 16, 3);
                float scale = 0;
                for (int o = 0; o < 10; o++) {
                    scale = Math.max(scale, Math.abs(want[img * 10 + o]));
                }
                for (int o = 0; o < 10; o++) {
                    assertThat(got[o]).as("image %d logit %d (keep BN %s)", img, o, keepBn).isCloseTo(want[img * 10 + o],
                            org.assertj.core.data.Offset.offset(1e-4f * scale));
                }
            }
            JsonNode layers = new YAMLMapper().readTree(exp.resolve(Exporter.CONFIG).toFile()).at("/HLSConfig/LayerName");
            assertThat(layers.has("image")).isTrue();
            assertThat(layers.has("input")).as("hls4ml reserves the name input").isFalse();
            assertThat(layers.at("/fc/Precision/result").asText()).isEqualTo(layers.at("/fc/Precision/accum").asText());
            assertThat(layers.at("/fc_bias/Precision/result").asText()).isEqualTo("ap_fixed<8,4,AP_RND,AP_SAT>");
        }
    }

    @Test
    void userErrorsAreOneLineAndWriteNothing() throws Exception {
        Path ck = checkpoint(dir.resolve("net.ckpt"), SkipMode.LONG);
        Path exp = dir.resolve("never");
        String[][] cases = {
                {"--opset", "9"}, {"--layer-reuse", "stage9.block1.conv1=4"}, {"--part", "xc9000"}, {"--integer-bits", "9"},
                {"--precision", "0"}, {"--hls", "quartus"}, {"--layer-precision", "stage1.block1.conv9=4/4/12"},
                {"--fifo", "fixed", "--fifo-depth", "0"}, {"--layer-precision", "stage1.block1.conv1=4/4"},
                {"--fifo", "fixed", "--fifo-depth", "2"}, {"--fifo", "optimized"}, {"--short-skips", "fused"}};
        String[] messages = {"--opset 9 is not supported", "--layer-reuse: resnet8 standard [long,long,short] has no layer 'stage9.block1.conv1'",
                "--part", "--integer-bits", "--precision 0: give a type W,I", "--hls", "has no layer 'stage1.block1.conv9'", "--fifo-depth must be positive",
                "--layer-precision", "--fifo-depth 2 would deadlock this design", "--fifo optimized sets each stream to its own least safe depth",
                "--short-skips fused: stock hls4ml builds the exported short skips as layers of their own"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("export", "--checkpoint", ck.toString(), "--out", exp.toString()));
            args.addAll(List.of(cases[i]));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(run.err()).contains(messages[i]).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(run.err().strip().lines().count()).as(String.join(" ", cases[i])).isEqualTo(1);
            assertThat(exp).doesNotExist();
        }
        CliRun missing = CliRun.of("export", "--checkpoint", dir.resolve("missing.ckpt").toString(), "--out", exp.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("missing.ckpt").doesNotContain("\n");
        assertThat(exp).doesNotExist();
    }

    /**
     * Export takes every option of estimate's dataflow model: per-layer widths, fixed FIFO depths and
     * the part chosen by fit; the configuration says them all and estimate.json is estimate's figure.
     */
    @Test
    void takesEveryDataflowOptionOfEstimate() throws Exception {
        Path ck = checkpoint(dir.resolve("net.ckpt"), SkipMode.LONG);
        String[] hardware = {"--layer-precision", "stage2.block1.conv1=4/6/12,stage2.block1.relu1=8/10/16", "--fifo", "fixed",
                "--fifo-depth", "256", "--part", "auto", "--reuse", "1", "--strategy", "latency", "--weight-bits", "16", "--activation-bits", "16",
                "--accum-bits", "32"};
        Path exp = dir.resolve("every");
        List<String> args = new ArrayList<>(List.of("export", "--checkpoint", ck.toString(), "--out", exp.toString()));
        args.addAll(List.of(hardware));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();

        JsonNode estimate = Json.MAPPER.readTree(exp.resolve(Exporter.ESTIMATE).toFile());
        assertEstimateAgrees(ck, hardware, estimate);
        assertThat(estimate.get("config").asText()).contains("w16/a16/acc32 bit (+2 per-layer)", "FIFO fixed 256", "(--part auto)");
        assertThat(estimate.get("part").asText()).as("a full-parallel 16-bit design needs more DSPs than the xc7z020 has")
                .isNotEqualTo("xc7z020");

        JsonNode yml = new YAMLMapper().readTree(exp.resolve(Exporter.CONFIG).toFile());
        assertThat(yml.get("Part").asText()).isEqualTo(estimate.get("hlsPart").asText()).startsWith(estimate.get("part").asText());
        assertThat(yml.get(Hls4mlConfig.FIXED_FIFO_DEPTH).asInt()).isEqualTo(256);
        assertThat(exp.resolve(Exporter.SCRIPT)).content().contains(Hls4mlConfig.FIXED_FIFO_DEPTH);
        JsonNode layers = yml.at("/HLSConfig/LayerName");
        assertThat(yml.at("/HLSConfig/Model/Precision").asText()).isEqualTo("ap_fixed<16,8>");
        JsonNode conv = layers.at("/stage2_block1_conv1/Precision");
        assertThat(conv.get("weight").asText()).matches("ap_fixed<4,\\d>");
        assertThat(conv.get("accum").asText()).startsWith("ap_fixed<12,");
        assertThat(conv.get("result").asText()).isEqualTo("ap_fixed<6,3>");
        assertThat(layers.at("/stage2_block1_relu1/Precision/result").asText()).isEqualTo("ap_fixed<10,5>");
        assertThat(layers.at("/stage2_block1_conv2/Precision").has("result")).as("a layer at the model's widths").isFalse();
        assertThat(layers.at("/stage2_block1_conv2/Precision/weight").asText()).matches("ap_fixed<16,\\d>");
    }

    /** {@code tailor estimate} of the checkpoint with the same hardware options has estimate.json's figures. */
    private void assertEstimateAgrees(Path ck, String[] hardware, JsonNode estimate) throws java.io.IOException {
        Path json = Files.createTempFile(dir, "estimate", ".json");
        // Export writes what stock hls4ml builds, short skips as layers of their own.
        List<String> est = new ArrayList<>(List.of("estimate", "--checkpoint", ck.toString(), "--target", "dataflow", "--skips", "none",
                "--json", json.toString(), "--short-skips", "hls4ml"));
        est.addAll(List.of(hardware));
        CliRun estimated = CliRun.of(est.toArray(String[]::new));
        assertThat(estimated.code()).as(estimated.err()).isZero();
        assertSameTotals(estimate, json);
    }

    /** estimate.json's totals and part equal the checkpoint row of a {@code tailor estimate --json} file. */
    private static void assertSameTotals(JsonNode estimate, Path estimateJson) throws java.io.IOException {
        JsonNode row = null;
        for (JsonNode r : Json.MAPPER.readTree(estimateJson.toFile()).get("variants")) {
            if (r.get("variant").asText().equals("checkpoint")) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(estimate.get("part").asText()).isEqualTo(row.get("part").asText());
        assertThat(estimate.get("fits").asBoolean()).isEqualTo(row.get("fits").asBoolean());
        for (String figure : new String[]{"BRAM18", "FF", "LUT", "DSP", "II_cycles", "latency_us"}) {
            assertThat(estimate.get("totals").get(figure).asDouble()).as(figure).isEqualTo(row.get(figure).asDouble());
        }
    }

    /** A ResNet-8 (3x16x16, 10 classes, width 4) with skips long, {@code second}, short and a normalisation in its header. */
    private static Path checkpoint(Path file, SkipMode second) {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 4).withSkips(List.of(SkipMode.LONG, second, SkipMode.SHORT));
        try (NDManager m = NDManager.newBaseManager(); ResNetModel model = ResNetModel.create(spec, m, 3)) {
            RandomBatchNorm.apply(model, 1);
            ObjectNode header = Checkpoint.newHeader(spec);
            header.set("normalization", Json.MAPPER.valueToTree(new Normalization(new double[]{125, 120, 110},
                    new double[]{50, 51, 52})));
            Checkpoint.save(file, header, model, null);
        }
        return file;
    }
}
