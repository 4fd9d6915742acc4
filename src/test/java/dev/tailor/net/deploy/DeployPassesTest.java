package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Tensor;
import dev.tailor.net.Topology;
import dev.tailor.net.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DeployPassesTest {

    /** One conv and its BN, folded by hand: W' = W·s, b' = β − μ·s, s = γ/sqrt(σ²+ε). */
    @Test
    void foldsOneBatchNormAsComputedByHand() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 4, 4), 2, 2);
        LayerGraph g = spec.graph();
        Weights w = RandomWeights.forGraph(g, 1)
                .with("stem.conv.weight", Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3, -4, -5, -6, -7, -8, -9}, 2, 1, 3, 3))
                .with("stem.bn.gamma", Tensor.of(new float[]{2, 0.5f}, 2))
                .with("stem.bn.beta", Tensor.of(new float[]{1, -1}, 2))
                .with("stem.bn.runningMean", Tensor.of(new float[]{3, 0}, 2))
                .with("stem.bn.runningVar", Tensor.of(new float[]{4 - 1e-5f, 0.25f - 1e-5f}, 2));
        DeployedNetwork folded = new DeployedNetwork(g, w).apply(new FoldBatchNorm());
        // s = 2/2 = 1 for channel 0, 0.5/0.5 = 1 for channel 1 (variance chosen so that sqrt(var+eps) is exact)
        assertThat(folded.weights().get("stem.conv.weight").values()).containsExactly(
                new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3, -4, -5, -6, -7, -8, -9}, within(1e-5f));
        assertThat(folded.weights().get("stem.conv.bias").values()).containsExactly(new float[]{1 - 3, -1}, within(1e-5f));
        assertThat(folded.weights().has("stem.bn.gamma")).isFalse();
        assertThat(folded.graph().layer("stem.relu").inputs()).containsExactly("stem.conv");
        assertThat(folded.graph().layers()).noneMatch(l -> l.op() == Op.BN);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"resnet8,standard,long", "resnet8,standard,none", "resnet8,short-teacher,short", "resnet20,standard,mixed",
            "resnet50,standard,short", "resnet50,standard,long", "resnet18,standard,short"})
    void foldingAndMergingKeepTheFunction(String model, String topology, String mode) {
        NetSpec spec = ModelZoo.build(model, new Shape(3, 16, 16), 5, 4).withTopology(Topology.parse(topology));
        for (int i = 0; i < spec.skipCount(); i++) {
            SkipMode m = mode.equals("mixed") ? SkipMode.values()[i % 3] : SkipMode.parse(mode);
            spec = spec.withSkip(i, m);
        }
        DeployedNetwork raw = new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), 7));
        DeployedNetwork deployed = raw.apply(new FoldBatchNorm(), new MergeParallelConvs());
        float[] image = new float[3 * 16 * 16];
        Random rng = new Random(3);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) rng.nextGaussian();
        }
        double[] want = Interpreter.logits(raw, image);
        double[] got = Interpreter.logits(deployed, image);
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < want.length; k++) {
            assertThat(got[k]).as("logit %d", k).isCloseTo(want[k], within(1e-5 * scale));
        }
        assertThat(deployed.graph().layers()).noneMatch(l -> l.op() == Op.BN);
        List<Layer> convs = deployed.graph().layers().stream().filter(Layer::isConv).toList();
        assertThat(convs).allSatisfy(c -> assertThat(deployed.weights().has(c.name() + ".bias")).isTrue());
        long rawConvs = raw.graph().layers().stream().filter(Layer::isConv).count();
        // Each shortened bottleneck loses its last short projection into conv3 (and that Add).
        long merged = model.equals("resnet50") && mode.equals("short") ? spec.skipCount() : 0;
        assertThat(convs).hasSize((int) (rawConvs - merged));
        assertThat(deployed.graph().adds()).hasSize((int) (raw.graph().adds().size() - merged));
        Map<String, Tensor> names = deployed.weights().asMap();
        assertThat(names.keySet()).noneMatch(n -> n.contains(".bn") || n.contains("short3"));
    }
}
