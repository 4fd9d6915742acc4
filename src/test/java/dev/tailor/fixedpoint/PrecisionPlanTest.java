package dev.tailor.fixedpoint;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.RandomWeights;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrecisionPlanTest {
    private static final String FILE = """
            # a comment
            default: ap_fixed<8,3>
            default.accum: auto      # exact accumulators
            stage1.block1.conv1: ap_fixed<10,4>
            stage1.block1.conv1.weight: fixed<6,1,RND,SAT>
            fc.result: ap_fixed<16,6>
            """;

    @Test
    void lookupGoesFromNarrowToWide() {
        PrecisionPlan p = PrecisionPlan.parse(FILE, "plan.txt");
        assertThat(p.setting("stage1.block1.conv1", Role.WEIGHT).type()).isEqualTo(FixedType.of(6, 1).with(Rounding.RND, Overflow.SAT));
        assertThat(p.setting("stage1.block1.conv1", Role.BIAS).type()).as("the layer's own default").isEqualTo(FixedType.of(10, 4));
        assertThat(p.setting("stage1.block1.conv1", Role.ACCUM).type()).as("a layer line covers its accumulator too")
                .isEqualTo(FixedType.of(10, 4));
        assertThat(p.setting("stage1.block1.conv2", Role.ACCUM).isAuto()).isTrue();
        assertThat(p.setting("stage1.block1.conv2", Role.WEIGHT).type()).isEqualTo(FixedType.of(8, 3));
        assertThat(p.setting("fc", Role.RESULT).type()).isEqualTo(FixedType.of(16, 6));
    }

    @Test
    void formatReadsBackAndOverridesReplaceByKey() {
        PrecisionPlan p = PrecisionPlan.parse(FILE, "plan.txt");
        String text = p.format(Map.of("fc.result", "max 7.2"));
        assertThat(text).contains("fc.result:", "# max 7.2");
        assertThat(PrecisionPlan.parse(text, "again")).isEqualTo(p);
        PrecisionPlan base = PrecisionPlan.uniform(FixedType.of(16, 6), PrecisionPlan.Setting.AUTO_ACCUMULATOR);
        PrecisionPlan merged = base.overriddenBy(PrecisionPlan.parse("fc: ap_fixed<4,2>", "x"));
        assertThat(merged.setting("fc", Role.RESULT).type()).isEqualTo(FixedType.of(4, 2));
        assertThat(merged.setting("stem.conv", Role.RESULT).type()).isEqualTo(FixedType.of(16, 6));
        assertThat(merged.keys()).containsExactly("default", "default.accum", "fc");
    }

    @Test
    void aBinaryFileIsNotAPrecisionFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.write(dir.resolve("p.txt"), new byte[]{(byte) 0xff, (byte) 0xfe, 0, 7});
        assertThatThrownBy(() -> PrecisionPlan.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": not a precision file (not UTF-8 text)");
    }

    @Test
    void badLinesAreReportedWithTheirPlace() {
        assertThatThrownBy(() -> PrecisionPlan.parse("default: ap_fixed<8,3>\nfc ap_fixed<8,3>", "p.txt"))
                .isInstanceOf(InvalidInputException.class).hasMessage("p.txt:2: expected 'LAYER[.ROLE]: TYPE', got 'fc ap_fixed<8,3>'");
        assertThatThrownBy(() -> PrecisionPlan.parse("fc.weight: auto", "p.txt")).hasMessageContaining("p.txt:1: 'auto' is only for accumulators");
        assertThatThrownBy(() -> PrecisionPlan.parse("fc: ap_fixed<8,3>\nfc: ap_fixed<9,3>", "p.txt")).hasMessageContaining("p.txt:2: 'fc' is set twice");
        assertThatThrownBy(() -> PrecisionPlan.parse("fc: ap_fixed<8,3,AP_RND_CONV>", "p.txt")).hasMessageContaining("p.txt:1: rounding mode");
        assertThat(PrecisionPlan.parse("fc: ap_fixed<8,3>", "p.txt").setting("fc", Role.WEIGHT).type()).isEqualTo(FixedType.of(8, 3));
        assertThatThrownBy(() -> PrecisionPlan.parse("fc: ap_fixed<8,3>", "p.txt").setting("pool", Role.RESULT))
                .hasMessageContaining("no 'default'");
    }

    @Test
    void unknownLayerNamesAreRefused() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 8, 8), 3, 4);
        DeployedNetwork n = new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), 1)).apply(new FoldBatchNorm());
        java.util.List<String> names = n.graph().layers().stream().map(dev.tailor.net.Layer::name).toList();
        PrecisionPlan good = PrecisionPlan.parse("default: ap_fixed<8,3>\nstage2.block1.proj.conv.weight: ap_fixed<8,1>", "p.txt");
        good.requireLayers(names, "resnet8");
        PrecisionPlan typo = PrecisionPlan.parse("default: ap_fixed<8,3>\nstage2.block1.bn1: ap_fixed<8,1>", "p.txt");
        assertThatThrownBy(() -> typo.requireLayers(names, "resnet8")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("p.txt:2: 'stage2.block1.bn1' is not a layer of resnet8");
    }

    @Test
    void autoAccumulatorsFollowHls4mlsRule() {
        // 8-bit data and weights over 3x3x16 = 144 products: 16 bits + 8 guard bits, one more for the bias.
        FixedType a = LayerPrecisions.autoMac(FixedType.of(8, 3), FixedType.of(8, 1), FixedType.of(8, 3), 144);
        assertThat(a).isEqualTo(FixedType.of(25, 13));
        FixedType u = LayerPrecisions.autoMac(new FixedType(8, 3, false, Rounding.TRN, Overflow.WRAP), FixedType.of(8, 1),
                FixedType.of(8, 3), 9);
        // signed (the weights are), 1+3+4 integer bits plus one for the bias, 7+5 fraction bits
        assertThat(u).isEqualTo(FixedType.of(21, 9));
        assertThat(LayerPrecisions.autoPool(FixedType.of(8, 3), 49)).isEqualTo(FixedType.of(20, 9));
    }
}
