package dev.tailor.net;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetSpecTest {

    /**
     * ResNet-8 at 32x32x3, counted by hand (conv weights K*K*Cin*Cout, no bias; BN gamma+beta;
     * MACs = weights * output pixels):
     * stem 3x3x3x16 = 432 (x1024 px = 442,368 MACs); stage1 two 3x3x16x16 = 2x2,304 (x1024 = 4,718,592);
     * stage2 3x3x16x32 = 4,608 + 3x3x32x32 = 9,216 + proj 16x32 = 512 (x256 px = 3,670,016);
     * stage3 18,432 + 36,864 + 2,048 (x64 px = 3,670,016); fc 64x10 (+10 bias) = 640 MACs.
     * Conv weights 76,720 + BN 2x(16+16+16+32+32+32+64+64+64) = 672 + fc 650 = 78,042 parameters;
     * 12,501,632 MACs: the MLPerf Tiny ResNet-8 figures (~78 k, ~12.5 M).
     */
    @Test
    void resnet8MatchesHandCount() {
        LayerGraph g = ModelZoo.build("resnet8").graph();
        assertThat(g.totalParams()).isEqualTo(78_042);
        assertThat(g.totalMacs()).isEqualTo(12_501_632);
        assertThat(g.output()).isEqualTo(new Shape(10, 1, 1));
    }

    @Test
    void imagenetFamilyMatchesTorchvisionParameterCounts() {
        assertThat(ModelZoo.build("resnet18").graph().totalParams()).isEqualTo(11_689_512);
        assertThat(ModelZoo.build("resnet34").graph().totalParams()).isEqualTo(21_797_672);
        assertThat(ModelZoo.build("resnet50").graph().totalParams()).isEqualTo(25_557_032);
        assertThat(ModelZoo.build("resnet50").skipCount()).isEqualTo(16);
        // ResNet-50 at 224x224: ~4.1 GMACs (widely quoted); the 7x7 stem alone is 118,013,952.
        assertThat(ModelZoo.build("resnet50").graph().totalMacs()).isBetween(4_000_000_000L, 4_200_000_000L);
        assertThat(ModelZoo.build("resnet50").graph().layer("stem.conv").macs()).isEqualTo(7L * 7 * 3 * 64 * 112 * 112);
    }

    @Test
    void cifarDepthsAndBlockCounts() {
        assertThat(ModelZoo.build("resnet20").skipCount()).isEqualTo(9);
        assertThat(ModelZoo.build("resnet110").skipCount()).isEqualTo(54);
        assertThat(ModelZoo.build("resnet20").graph().totalParams()).isEqualTo(272_474);
        assertThatThrownBy(() -> ModelZoo.build("resnet21")).hasMessageContaining("6n+2");
        assertThatThrownBy(() -> ModelZoo.build("vgg16")).hasMessageContaining("unknown model");
    }

    @Test
    void widthIsBoundedSoChannelCountsStayInts() {
        NetSpec widest = ModelZoo.build("resnet50", new Shape(3, 32, 32), 10, ModelZoo.MAX_WIDTH);
        assertThat(widest.blocks().get(widest.blocks().size() - 1).outChannels()).isEqualTo(32 * ModelZoo.MAX_WIDTH);
        assertThat(widest.graph().totalParams()).isPositive();
        assertThatThrownBy(() -> ModelZoo.build("resnet8", new Shape(3, 32, 32), 10, 1_000_000_000))
                .isInstanceOf(dev.tailor.errors.InvalidInputException.class).hasMessage("width must be at most 1048576, got 1000000000");
    }

    @Test
    void removingSkipsDropsProjectionsAndAdds() {
        NetSpec none = ModelZoo.build("resnet8").withAllSkips(SkipMode.NONE);
        LayerGraph g = none.graph();
        // proj convs 512 + 2,048 and their BN 2x32 + 2x64 disappear.
        assertThat(g.totalParams()).isEqualTo(78_042 - 512 - 64 - 2_048 - 128);
        assertThat(g.adds()).isEmpty();
        assertThat(g.layers()).noneMatch(Layer::onSkip);
    }

    @Test
    void longSkipSpansTwoConvsShortSkipOne() {
        LayerGraph longG = ModelZoo.build("resnet8").graph();
        Layer add = longG.layer("stage2.block1.add");
        assertThat(longG.skipSource(add).name()).isEqualTo("stage2.block1.relu0");
        assertThat(longG.longBranch(add).stream().filter(Layer::isConv).map(Layer::name))
                .containsExactly("stage2.block1.conv1", "stage2.block1.conv2");
        assertThat(longG.skipPath(add)).extracting(Layer::name).containsExactly("stage2.block1.proj.conv", "stage2.block1.proj.bn");

        NetSpec shortSpec = ModelZoo.build("resnet8").withTopology(Topology.SHORT_TEACHER).withAllSkips(SkipMode.SHORT);
        LayerGraph s = shortSpec.graph();
        assertThat(s.adds()).hasSize(6);
        Layer add2 = s.layer("stage1.block1.add2");
        assertThat(s.skipSource(add2).name()).isEqualTo("stage1.block1.add1");
        assertThat(s.longBranch(add2).stream().filter(Layer::isConv)).hasSize(1);
        // Short teacher: every conv is followed by a ReLU, no entry ReLU.
        assertThat(s.layer("stage1.block1.relu2").inputs()).containsExactly("stage1.block1.bn2");
        assertThat(s.layers()).noneMatch(l -> l.name().endsWith(".relu0"));
        // Shortening a BasicBlock adds no parameters.
        assertThat(s.totalParams()).isEqualTo(78_042);
    }

    @Test
    void shortenedBottleneckGetsNewProjections() {
        NetSpec r50 = ModelZoo.build("resnet50");
        NetSpec shortened = r50.withSkip(1, SkipMode.SHORT); // stage1.block2: 256 -> 64 -> 64 -> 256
        LayerGraph g = shortened.graph();
        assertThat(g.layer("stage1.block2.short1.conv").params()).isEqualTo(256L * 64);
        assertThat(g.layer("stage1.block2.short3.conv").params()).isEqualTo(64L * 256);
        assertThat(g.layers()).noneMatch(l -> l.name().equals("stage1.block2.short2.conv")); // 3x3 keeps 64 ch, stride 1
        assertThat(g.adds().stream().filter(a -> a.block().equals("stage1.block2"))).hasSize(3);
        assertThat(g.layer("stage1.block2.bn3").name()).isEqualTo("stage1.block2.bn3");
        assertThat(g.consumers("stage1.block2.bn3")).extracting(Layer::op).containsExactly(Op.ADD); // last conv: no ReLU
    }

    @Test
    void recipeRoundTripsAndSkipsValidate() {
        NetSpec s = ModelZoo.build("resnet20", new Shape(1, 28, 28), 10, 8).withTopology(Topology.SHORT_TEACHER)
                .withSkip(3, SkipMode.NONE).withSkip(4, SkipMode.SHORT);
        assertThat(ModelRecipe.of(s).toSpec()).isEqualTo(s);
        assertThat(s.count(SkipMode.LONG)).isEqualTo(7);
        assertThatThrownBy(() -> s.withSkips(List.of(SkipMode.NONE))).hasMessageContaining("9 skips");
        assertThatThrownBy(() -> s.withSkip(9, SkipMode.NONE)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> SkipMode.parse("sideways")).hasMessageContaining("expected long, short or none");
    }
}
