package dev.tailor.handoff;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.tailor.net.BlockKind;
import dev.tailor.net.BlockSpec;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.nn.RandomBatchNorm;
import dev.tailor.nn.ResNetModel;
import dev.tailor.onnx.OnnxNames;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exported files, run in ONNX Runtime, compute what our model computes in evaluation mode; their
 * graphs have exactly the skips and projections of the wiring, hls4ml-usable names and shapes.
 */
class OnnxExportTest {
    private static final int BATCH = 3;
    private static final Shape INPUT = new Shape(3, 16, 16);
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2} fold-bn={3}")
    @CsvSource({
            "resnet8,standard,long,false", "resnet8,standard,long,true",
            "resnet8,standard,short,false", "resnet8,standard,short,true",
            "resnet8,standard,none,false", "resnet8,standard,none,true",
            "resnet8,standard,long/none/short,false", "resnet8,standard,long/none/short,true",
            "resnet8,short-teacher,short,false", "resnet8,short-teacher,short,true",
            "resnet20,standard,long,false", "resnet20,standard,long,true",
            "resnet20,standard,short,false", "resnet20,standard,short,true",
            "resnet20,standard,none,false", "resnet20,standard,none,true",
            "resnet50,standard,none,false", "resnet50,standard,none,true",
            "resnet50,standard,short,false", "resnet50,standard,short,true",
            "resnet50,standard,long,false", "resnet50,standard,long,true",
            "resnet50,short-teacher,short,true", "resnet18,standard,long,true", "resnet18,standard,short,false",
            "resnet34,standard,long,true", "resnet34,standard,none,false"})
    void exportedFileMatchesTheModelInOnnxRuntime(String model, String topology, String skips, boolean fold) throws Exception {
        NetSpec spec = ModelZoo.build(model, INPUT, 7, 4).withTopology(Topology.parse(topology));
        List<SkipMode> modes = new ArrayList<>();
        for (String s : skips.split("/")) {
            modes.add(SkipMode.parse(s));
        }
        spec = spec.withSkips(modes.size() == 1 ? java.util.Collections.nCopies(spec.skipCount(), modes.get(0)) : modes);
        try (NDManager manager = NDManager.newBaseManager(); ResNetModel m = ResNetModel.create(spec, manager, 11)) {
            RandomBatchNorm.apply(m, 3);
            Exporter.Result r = Exporter.export(new DeployedNetwork(m.spec().graph(), m.weights()), Map.of(), dir,
                    ExportOptions.defaults().withFoldBatchNorm(fold));
            byte[] bytes = Files.readAllBytes(r.model());
            float[] x = images(BATCH, INPUT, 5);
            float[] want = m.forward(manager.create(x, new ai.djl.ndarray.types.Shape(BATCH, 3, 16, 16)), false).toFloatArray();
            float[] got = OnnxRuntime.logits(bytes, x, BATCH, 3, 16, 16);
            assertAgree(got, want, spec.classes());

            ModelProto proto = ModelProto.parseFrom(bytes);
            assertThat(skipAdds(proto)).as("Adds of skips").isEqualTo(expectedSkipAdds(spec, fold));
            assertThat(projections(proto)).as("projection convs").isEqualTo(expectedProjections(spec, fold));
            assertThat(count(proto, "BatchNormalization")).as("BN nodes").isEqualTo(fold ? 0 : bnCount(m.spec()));
            assertNamesAndShapes(proto, bytes);
        }
    }

    /** max |difference| at most 1e-4 of the largest |logit|, and the same class wins for every image. */
    static void assertAgree(float[] got, float[] want, int classes) {
        assertThat(got).hasSameSizeAs(want);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        assertThat(scale).isGreaterThan(0);
        assertThat(worst).as("max |difference|, largest |logit| %s", scale).isLessThanOrEqualTo(1e-4 * scale);
        for (int n = 0; n < want.length / classes; n++) {
            assertThat(argmax(got, n, classes)).as("image %d", n).isEqualTo(argmax(want, n, classes));
        }
    }

    /**
     * Node names are unique and dot-free; every intermediate tensor has value_info, and its shape is
     * the one ONNX Runtime produces (each one is made a graph output and checked).
     */
    static void assertNamesAndShapes(ModelProto proto, byte[] bytes) throws Exception {
        List<String> names = proto.getGraph().getNodeList().stream().map(NodeProto::getName).toList();
        assertThat(names).doesNotHaveDuplicates().allMatch(n -> !n.isEmpty() && !n.contains("."));
        Map<String, ValueInfoProto> info = proto.getGraph().getValueInfoList().stream()
                .collect(Collectors.toMap(ValueInfoProto::getName, v -> v));
        Set<String> produced = new HashSet<>();
        proto.getGraph().getNodeList().forEach(n -> produced.addAll(n.getOutputList()));
        produced.remove(OnnxNames.LOGITS);
        assertThat(info.keySet()).isEqualTo(produced);

        ModelProto.Builder all = proto.toBuilder();
        all.getGraphBuilder().addAllOutput(proto.getGraph().getValueInfoList());
        Map<String, OnnxRuntime.Output> outputs = OnnxRuntime.run(all.build().toByteArray(), images(2, INPUT, 1), 2, 3, 16, 16);
        for (ValueInfoProto v : proto.getGraph().getValueInfoList()) {
            long[] declared = v.getType().getTensorType().getShape().getDimList().stream()
                    .mapToLong(d -> d.hasDimParam() ? 2 : d.getDimValue()).toArray();
            assertThat(outputs.get(v.getName()).shape()).as(v.getName()).containsExactly(declared);
        }
    }

    static int skipAdds(ModelProto p) {
        Set<String> constants = p.getGraph().getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        return (int) p.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Add") && n.getInputList().stream().noneMatch(constants::contains)).count();
    }

    static int projections(ModelProto p) {
        return (int) p.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Conv") && n.getName().matches(".*_(proj|short\\d)_conv")).count();
    }

    static int count(ModelProto p, String op) {
        return (int) p.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    /** A long skip is one Add; a shortened block one per conv, except that folding merges a bottleneck's third into conv3. */
    static int expectedSkipAdds(NetSpec spec, boolean fold) {
        int adds = 0;
        for (BlockSpec b : spec.blocks()) {
            adds += switch (b.skip()) {
                case LONG -> 1;
                case NONE -> 0;
                case SHORT -> b.kind() == BlockKind.BASIC ? 2 : fold ? 2 : 3;
            };
        }
        return adds;
    }

    /** Projections where a skip changes shape: a BASIC block's short skips reuse its long projection. */
    static int expectedProjections(NetSpec spec, boolean fold) {
        int convs = 0;
        for (BlockSpec b : spec.blocks()) {
            if (b.skip() == SkipMode.LONG || (b.skip() == SkipMode.SHORT && b.kind() == BlockKind.BASIC)) {
                convs += b.needsProjection() ? 1 : 0;
            } else if (b.skip() == SkipMode.SHORT) {
                int shorts = (int) IntStream.rangeClosed(1, 3).filter(b::shortSkipNeedsProjection).count();
                convs += fold ? shorts - 1 : shorts;
            }
        }
        return convs;
    }

    private static int bnCount(NetSpec spec) {
        return (int) spec.graph().layers().stream().filter(l -> l.op() == dev.tailor.net.Op.BN).count();
    }

    static float[] images(int n, Shape shape, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * (int) shape.elements()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static int argmax(float[] v, int row, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (v[row * classes + c] > v[row * classes + best]) {
                best = c;
            }
        }
        return best;
    }
}
