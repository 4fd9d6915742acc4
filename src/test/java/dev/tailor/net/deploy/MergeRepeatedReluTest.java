package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.net.Weights;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        // The short-skip teacher has no entry ReLU, and ImageNet stems end in a max-pool.
        NetSpec teacher = ModelZoo.build("resnet8").withTopology(Topology.SHORT_TEACHER);
        LayerGraph g = teacher.graph();
        assertThat(pass.apply(g)).isSameAs(g);
        LayerGraph r18 = ModelZoo.build("resnet18").graph();
        assertThat(pass.apply(r18)).isSameAs(r18);
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
}
