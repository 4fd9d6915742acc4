package dev.tailor.nn;

import ai.djl.ndarray.NDManager;
import dev.tailor.fixedpoint.FixedPointSimulator;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.LayerTypes;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.net.Layer;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.net.deploy.RandomWeights;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's batch path gives the simulation's logits bit for bit on a sample, wherever it claims to be exact. */
class FixedPointEngineTest {
    @SharedManager
    private static NDManager manager;

    private static final String PER_LAYER = """
            stem.conv.weight: ap_fixed<6,1,AP_RND,AP_SAT>
            stage2.block1.conv1.accum: ap_fixed<30,12>
            pool.accum: ap_fixed<20,8,AP_TRN,AP_SAT>
            fc.result: ap_fixed<10,5>
            """;

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource({
            "resnet8, standard, mixed, ap_fixed<8;3>",
            "resnet8, standard, mixed, ap_fixed<6;2;AP_RND;AP_SAT>",
            "resnet8, short-teacher, short, ap_fixed<16;6>",
            "resnet8, standard, long, ap_fixed<4;2>+",
            "resnet18, standard, none, ap_fixed<8;4;AP_RND;AP_WRAP>",
            "resnet50, standard, short, ap_fixed<10;4>"})
    void fastPathEqualsTheSimulation(String model, String topology, String skips, String type) {
        NetSpec spec = ModelZoo.build(model, new Shape(3, 12, 12), 5, 4).withTopology(Topology.parse(topology));
        for (int i = 0; i < spec.skipCount(); i++) {
            spec = spec.withSkip(i, skips.equals("mixed") ? SkipMode.values()[i % 3] : SkipMode.parse(skips));
        }
        boolean overrides = type.endsWith("+");
        FixedType base = dev.tailor.fixedpoint.TypeSyntax.parse(type.replace("+", "").replace(';', ','));
        PrecisionPlan plan = PrecisionPlan.uniform(base, PrecisionPlan.Setting.AUTO_ACCUMULATOR);
        if (overrides) {
            plan = plan.overriddenBy(PrecisionPlan.parse(PER_LAYER, "per-layer"));
        }
        DeployedNetwork n = new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), 3))
                .apply(new FoldBatchNorm(), new MergeParallelConvs());
        QuantizedNetwork q = QuantizedNetwork.of(n, plan);
        assertThat(FastPathCheck.whyNotExact(q)).isEmpty();
        int images = 6;
        float[] x = new float[images * 3 * 12 * 12];
        Random rng = new Random(11);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 1.5);
        }
        double[][] fast;
        try (FixedPointEngine e = new FixedPointEngine(q, manager)) {
            fast = e.logits(x, images);
            // Narrow types take the float32 convs, 16-bit ones the float64 ones: both paths are compared below.
            if (base.width() <= 8) {
                assertThat(e.singlePrecisionConvs()).as("convs summed in float32").isPositive();
            } else if (base.width() >= 16) {
                assertThat(e.singlePrecisionConvs()).as("convs summed in float32").isZero();
            }
        }
        int distinct = 0;
        for (int i = 0; i < images; i++) {
            float[] one = java.util.Arrays.copyOfRange(x, i * 3 * 12 * 12, (i + 1) * 3 * 12 * 12);
            double[] exact = FixedPointSimulator.logits(q, one).values();
            assertThat(fast[i]).as("image %d", i).containsExactly(exact);
            distinct += java.util.Arrays.stream(exact).distinct().count() > 1 ? 1 : 0;
        }
        assertThat(distinct).as("logits that differ between classes (not all saturated or zero)").isPositive();
    }

    @Test
    void sumsInFloat32OnlyWhereEveryPartialSumFitsItsMantissa() {
        FixedType eight = FixedType.of(8, 3);
        LayerTypes narrow = new LayerTypes(eight, eight, eight, FixedType.of(32, 12), eight);
        // Products of |data|, |weight| <= 2^7 LSBs: up to 1024 of them (3x3 over 113 channels is 1017) sum to at
        // most 2^(7 + 7 + 10) = 2^24; 3x3 over 114 channels is 1026 products, bounded by 2^25 only.
        assertThat(FastPathCheck.sumExactInFloat32(conv(64, 3), narrow)).isTrue();
        assertThat(FastPathCheck.sumExactInFloat32(conv(113, 3), narrow)).isTrue();
        assertThat(FastPathCheck.sumExactInFloat32(conv(114, 3), narrow)).isFalse();
        // Unsigned data has one more magnitude bit.
        FixedType unsigned = new FixedType(8, 3, false, Rounding.TRN, Overflow.WRAP);
        assertThat(FastPathCheck.sumExactInFloat32(conv(64, 3), new LayerTypes(unsigned, eight, eight, FixedType.of(32, 12), eight)))
                .isFalse();
        assertThat(FastPathCheck.sumExactInFloat32(conv(32, 3), new LayerTypes(unsigned, eight, eight, FixedType.of(32, 12), eight)))
                .isTrue();
        FixedType twelve = FixedType.of(12, 4);
        assertThat(FastPathCheck.sumExactInFloat32(conv(16, 1), new LayerTypes(twelve, twelve, twelve, FixedType.of(40, 12), twelve)))
                .as("11 + 11 + 4 bits").isFalse();
    }

    private static Layer conv(int channels, int kernel) {
        Shape in = new Shape(channels, 8, 8);
        return new Layer("c", Op.CONV, java.util.List.of("input"), in, in, new Layer.Geometry(kernel, 1, kernel / 2), 0, 0,
                Layer.Place.OUTSIDE_BLOCKS);
    }

    @Test
    void refusesPlansItCannotReproduce() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 8, 8), 3, 4);
        DeployedNetwork n = new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), 1)).apply(new FoldBatchNorm());
        FixedType t = FixedType.of(8, 3);
        // hls4ml's model-wide default also applies to accumulators: products are then rounded one by one.
        assertThat(FastPathCheck.whyNotExact(QuantizedNetwork.of(n, PrecisionPlan.uniform(t, null))))
                .hasValueSatisfying(why -> assertThat(why).startsWith("stem.conv: products are rounded"));
        PrecisionPlan saturating = PrecisionPlan.uniform(t, PrecisionPlan.Setting.AUTO_ACCUMULATOR)
                .overriddenBy(PrecisionPlan.parse("stage1.block1.conv2.accum: ap_fixed<24,8,AP_TRN,AP_SAT>", "x"));
        assertThat(FastPathCheck.whyNotExact(QuantizedNetwork.of(n, saturating)))
                .hasValueSatisfying(why -> assertThat(why).contains("stage1.block1.conv2", "saturate part-way"));
        assertThat(FastPathCheck.whyNotExact(QuantizedNetwork.of(n, PrecisionPlan.uniform(t.with(Rounding.RND, Overflow.SAT),
                PrecisionPlan.Setting.AUTO_ACCUMULATOR)))).isEmpty();
    }
}
