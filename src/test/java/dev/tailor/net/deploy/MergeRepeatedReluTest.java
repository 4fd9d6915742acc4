package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.net.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MergeRepeatedReluTest {
    private final GraphPass pass = new MergeRepeatedRelu();

    @Test
    void theStemReluFeedsBlockOneDirectly() {
        LayerGraph before = ModelZoo.build("resnet8").graph();
        LayerGraph after = pass.apply(before);
        assertThat(after.layers()).hasSize(before.layers().size() - 1);
        assertThatThrownBy(() -> after.layer("stage1.block1.relu0")).hasMessageContaining("no layer named");
        assertThat(after.layer("stage1.block1.conv1").inputs()).containsExactly("stem.relu");
        // The identity skip of block 1 now starts at the stem's ReLU.
        Layer add = after.layer("stage1.block1.add");
        assertThat(add.inputs()).containsExactly("stage1.block1.bn2", "stem.relu");
        assertThat(after.skipSource(add).name()).isEqualTo("stem.relu");
        assertThat(after.consumers("stem.relu")).extracting(Layer::name).containsExactly("stage1.block1.conv1", "stage1.block1.add");
        assertThat(after.totalParams()).isEqualTo(before.totalParams());
    }

    @Test
    void noReluReadsAReluAfterThePass() {
        for (String model : new String[]{"resnet8", "resnet20", "resnet50"}) {
            for (SkipMode mode : SkipMode.values()) {
                LayerGraph g = pass.apply(ModelZoo.build(model).withAllSkips(mode).graph());
                for (Layer l : g.layers()) {
                    if (l.op() == Op.RELU) {
                        assertThat(g.layer(l.inputs().get(0)).op()).as(model + " " + mode + " " + l.name()).isNotEqualTo(Op.RELU);
                    }
                }
            }
        }
    }

    @Test
    void aGraphWithoutRepeatedRelusComesBackUnchanged() {
        // The short-skip teacher has no entry ReLU.
        NetSpec teacher = ModelZoo.build("resnet8").withTopology(Topology.SHORT_TEACHER);
        LayerGraph g = teacher.graph();
        assertThat(pass.apply(g)).isSameAs(g);
        assertThat(pass.name()).isEqualTo("merge-repeated-relu");
        assertThat(GraphPass.DEPLOYMENT).anyMatch(p -> p instanceof MergeRepeatedRelu);
    }

    @Test
    void asADeployPassItKeepsTheWeights() {
        LayerGraph g = ModelZoo.build("resnet8").graph();
        Weights w = new Weights(Map.of());
        DeployedNetwork out = new DeployedNetwork(g, w).apply(pass);
        assertThat(out.weights()).isSameAs(w);
        assertThat(out.graph().layers()).hasSize(g.layers().size() - 1);
    }

    /** Block 1's entry ReLU repeats the stem's (behind the max-pool in the ImageNet family); nothing else does. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"resnet8,standard,1", "resnet18,standard,1", "resnet50,standard,1", "resnet8,short-teacher,0"})
    void removesTheReluThatRepeatsTheStemsAndKeepsTheFunction(String model, String topology, int removed) {
        NetSpec spec = ModelZoo.build(model, new Shape(3, 16, 16), 5, 4).withTopology(Topology.parse(topology));
        DeployedNetwork raw = new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), 2));
        DeployedNetwork merged = raw.apply(new MergeRepeatedRelu());
        List<String> gone = raw.graph().layers().stream().map(Layer::name)
                .filter(n -> merged.graph().layers().stream().noneMatch(l -> l.name().equals(n))).toList();
        assertThat(gone).hasSize(removed);
        if (removed == 1) {
            assertThat(gone).containsExactly("stage1.block1.relu0");
            String after = spec.stem().maxPool() ? "stem.pool" : "stem.relu";
            assertThat(merged.graph().layer("stage1.block1.conv1").inputs()).containsExactly(after);
        }
        assertThat(merged.graph().layers()).filteredOn(l -> l.op() == Op.RELU)
                .allSatisfy(l -> assertThat(merged.graph().layer(l.inputs().get(0)).op()).isNotIn(Op.RELU, Op.MAXPOOL));
        float[] image = new float[3 * 16 * 16];
        Random rng = new Random(4);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) rng.nextGaussian();
        }
        double[] want = Interpreter.logits(raw, image);
        double[] got = Interpreter.logits(merged, image);
        for (int k = 0; k < want.length; k++) {
            assertThat(got[k]).isCloseTo(want[k], within(1e-12));
        }
    }
}
