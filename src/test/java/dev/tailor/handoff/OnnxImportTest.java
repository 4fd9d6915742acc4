package dev.tailor.handoff;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.nn.RandomBatchNorm;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ONNX ResNets written by PyTorch (src/test/fixtures/make_onnx_fixtures.py) become checkpoints whose
 * model computes what ONNX Runtime computes on the file; import, export, import is the identity.
 */
class OnnxImportTest {
    private static final ImportOptions OPTIONS = ImportOptions.anyTopology(new double[]{0.5}, new double[]{0.25});
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "cifar_resnet8.onnx,'resnet8 standard [long,long,long]',3x32x32",
            "cifar_resnet8_no_constant_folding.onnx,'resnet8 standard [long,long,long]',3x32x32",
            "cifar_resnet8_batchnorm.onnx,'resnet8 standard [long,long,long]',3x32x32",
            "cifar_resnet8_relu_before_add.onnx,'resnet8 short-teacher [long,long,long]',3x32x32",
            "cifar_resnet20_repeated_relu.onnx,'resnet20 standard [long,long,long,long,long,long,long,long,long]',3x16x16",
            "torchvision_resnet18.onnx,'resnet18 standard [long,long,long,long,long,long,long,long]',3x32x32",
            "cifar_resnet20_repeated_relu_folded.onnx,'resnet20 standard [long,long,long,long,long,long,long,long,long]',3x16x16",
            "cifar_resnet8_relu_before_add_no_constant_folding.onnx,'resnet8 short-teacher [long,long,long]',3x32x32",
            "torchvision_resnet18_no_constant_folding.onnx,'resnet18 standard [long,long,long,long,long,long,long,long]',3x32x32",
            "cifar_resnet8_batchnorm_folded_constants.onnx,'resnet8 standard [long,long,long]',3x32x32"})
    void importedCheckpointComputesWhatOnnxRuntimeComputes(String fixture, String network, String input) throws Exception {
        Path onnx = fixture(fixture);
        Path ck = dir.resolve("imported.ckpt");
        NetSpec spec = Importer.importOnnx(onnx, ck, OPTIONS);
        assertThat(spec.describe()).isEqualTo(network);
        assertThat(spec.input()).isEqualTo(Shape.parse(input));
        Checkpoint loaded = Checkpoint.load(ck);
        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(loaded.header().get("normalization").get("mean").get(0).asDouble()).isEqualTo(127.5);
        assertThat(loaded.header().get("normalization").get("std").get(2).asDouble()).isEqualTo(63.75);
        int n = 4;
        float[] x = OnnxExportTest.images(n, spec.input(), 9);
        long[] shape = {n, spec.input().channels(), spec.input().height(), spec.input().width()};
        try (NDManager manager = NDManager.newBaseManager(); ResNetModel m = ResNetModel.create(spec, manager, 1)) {
            loaded.loadInto(m);
            float[] want = onePerCall(Files.readAllBytes(onnx), x, spec);
            float[] got = m.forward(manager.create(x, new ai.djl.ndarray.types.Shape(shape)), false).toFloatArray();
            OnnxExportTest.assertAgree(got, want, spec.classes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cifar_resnet8.onnx", "cifar_resnet8_batchnorm.onnx", "cifar_resnet8_relu_before_add.onnx", "torchvision_resnet18.onnx"})
    void importExportImportGivesTheSameCheckpoint(String fixture) {
        Path first = dir.resolve("first.ckpt");
        Importer.importOnnx(fixture(fixture), first, OPTIONS);
        Exporter.Result exported = Exporter.export(first, dir.resolve("export"), ExportOptions.defaults().withFoldBatchNorm(false));
        Path second = dir.resolve("second.ckpt");
        Importer.importOnnx(exported.model(), second, OPTIONS);
        Checkpoint a = Checkpoint.load(first);
        Checkpoint b = Checkpoint.load(second);
        assertThat(b.spec()).isEqualTo(a.spec());
        assertThat(b.header().get("normalization")).isEqualTo(a.header().get("normalization"));
        assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
        a.tensors().forEach((name, values) -> assertThat(b.tensors().get(name)).as(name).containsExactly(values));
    }

    /** Tailor's own tailored networks come back with their wiring, block by block. */
    @ParameterizedTest(name = "{0} {1} fold-bn={2}")
    @CsvSource({"resnet8,long/none/short,true", "resnet20,none,false", "resnet20,short,true", "resnet50,none,true",
            "resnet50,short,false"})
    void tailoredNetworksComeBackWithTheirWiring(String model, String skips, boolean fold) throws Exception {
        NetSpec spec = ModelZoo.build(model, new Shape(3, 16, 16), 6, 4);
        String[] modes = skips.split("/");
        for (int i = 0; i < spec.skipCount(); i++) {
            spec = spec.withSkip(i, SkipMode.parse(modes[i % modes.length]));
        }
        try (NDManager manager = NDManager.newBaseManager(); ResNetModel m = ResNetModel.create(spec, manager, 2)) {
            RandomBatchNorm.apply(m, 5);
            Exporter.Result r = Exporter.export(new DeployedNetwork(m.spec().graph(), m.weights()), Map.of(), dir.resolve("x"),
                    ExportOptions.defaults().withFoldBatchNorm(fold));
            NetSpec back = Importer.importOnnx(r.model(), dir.resolve("back.ckpt"), OPTIONS);
            assertThat(back).isEqualTo(spec);
            try (ResNetModel again = ResNetModel.create(back, manager, 3)) {
                Checkpoint.load(dir.resolve("back.ckpt")).loadInto(again);
                float[] x = OnnxExportTest.images(2, spec.input(), 4);
                ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(2, 3, 16, 16);
                OnnxExportTest.assertAgree(again.forward(manager.create(x, shape), false).toFloatArray(),
                        m.forward(manager.create(x, shape), false).toFloatArray(), spec.classes());
            }
        }
    }

    /** Keras' BN epsilon (1e-3) and a conv with its own bias before its BN are absorbed into our BN's parameters. */
    @Test
    void absorbsAnotherEpsilonAndAConvBiasBeforeBatchNorm() throws Exception {
        ModelProto.Builder b = ModelProto.parseFrom(Files.readAllBytes(fixture("cifar_resnet8_batchnorm.onnx"))).toBuilder();
        GraphProto.Builder g = b.getGraphBuilder();
        for (NodeProto.Builder n : g.getNodeBuilderList()) {
            if (n.getOpType().equals("BatchNormalization")) {
                n.clearAttribute().addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                        .setF(1e-3f));
            }
        }
        NodeProto.Builder stem = g.getNodeBuilderList().stream().filter(n -> n.getOpType().equals("Conv")).findFirst().orElseThrow();
        float[] bias = OnnxExportTest.images(1, new Shape(8, 1, 1), 3);
        ByteBuffer raw = ByteBuffer.allocate(bias.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(bias);
        g.addInitializer(TensorProto.newBuilder().setName("stem_bias").setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(8)
                .setRawData(ByteString.copyFrom(raw.array())));
        stem.addInput("stem_bias");
        Path onnx = dir.resolve("edited.onnx");
        Files.write(onnx, b.build().toByteArray());
        NetSpec spec = Importer.importOnnx(onnx, dir.resolve("edited.ckpt"), OPTIONS);
        float[] x = OnnxExportTest.images(2, spec.input(), 6);
        try (NDManager manager = NDManager.newBaseManager(); ResNetModel m = ResNetModel.create(spec, manager, 1)) {
            Checkpoint.load(dir.resolve("edited.ckpt")).loadInto(m);
            float[] got = m.forward(manager.create(x, new ai.djl.ndarray.types.Shape(2, 3, 32, 32)), false).toFloatArray();
            OnnxExportTest.assertAgree(got, onePerCall(Files.readAllBytes(onnx), x, spec), spec.classes());
        }
    }

    @Test
    void refusesWhatItCannotPlaceNamingTheNodeAndWritesNothing() throws Exception {
        Path ck = dir.resolve("never.ckpt");
        assertThatThrownBy(() -> Importer.importOnnx(fixture("cifar_resnet8_option_a.onnx"), ck, OPTIONS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cifar_resnet8_option_a.onnx: cannot place node '/layer2/layer2.0/Slice' (Slice)")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Importer.importOnnx(fixture("cifar_resnet8_relu_before_add.onnx"), ck,
                OPTIONS.withTopology(Topology.STANDARD)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot place node");
        Path junk = dir.resolve("junk.onnx");
        byte[] bytes = new byte[256];
        new Random(1).nextBytes(bytes);
        Files.write(junk, bytes);
        assertThatThrownBy(() -> Importer.importOnnx(junk, ck, OPTIONS)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(junk.toString());
        assertThatThrownBy(() -> Importer.importOnnx(fixture("cifar_resnet8.onnx"), ck,
                ImportOptions.anyTopology(new double[]{0.5, 0.5}, new double[]{0.2})))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("mean has 2 values");
        assertThat(ck).doesNotExist();
    }

    /** Image by image: most files from torch.onnx.export have a batch of exactly 1. */
    private static float[] onePerCall(byte[] model, float[] x, NetSpec spec) {
        int size = (int) spec.input().elements();
        float[] out = new float[x.length / size * spec.classes()];
        for (int i = 0; i < x.length / size; i++) {
            float[] one = java.util.Arrays.copyOfRange(x, i * size, (i + 1) * size);
            System.arraycopy(OnnxRuntime.logits(model, one, 1, spec.input().channels(), spec.input().height(), spec.input().width()),
                    0, out, i * spec.classes(), spec.classes());
        }
        return out;
    }

    static Path fixture(String name) {
        try (InputStream in = OnnxImportTest.class.getResourceAsStream("/onnx/" + name)) {
            assertThat(in).as(name).isNotNull();
            Path p = Files.createTempDirectory("fixture").resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
