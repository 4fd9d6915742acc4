package dev.tailor.fixedpoint;

import dev.tailor.net.deploy.DeployedNetwork;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulation's operations on networks small enough to work out by hand. */
class FixedPointSimulatorTest {
    private static final FixedType IN = FixedType.of(8, 4);       // LSB 1/16
    private static final FixedType WEIGHT = FixedType.of(8, 2);   // LSB 1/64

    /**
     * x = (25/16, -5/16), w = (21/64, 41/64), b = 1/4. Products 525/1024 = 8.203 and -205/1024 =
     * -3.203 accumulator LSBs (1/16); exact sum 0.5625.
     */
    private static DeployedNetwork conv() {
        return TinyGraphs.oneConv(new float[]{21 / 64f, 41 / 64f}, 0.25f);
    }

    private static final float[] X = {25 / 16f, -5 / 16f};

    @Test
    void productsAreConvertedToTheAccumulatorOneByOne() {
        Map<String, String> types = plan("ap_fixed<8,4>", "ap_fixed<8,2>", "ap_fixed<6,3>");
        // AP_TRN accumulator: 4 + 8 + floor(-3.203) = 8 -> 0.5; the result keeps 0.5.
        assertThat(logit(conv(), types)).isEqualTo(0.5);
        // AP_RND accumulator: 4 + 8 + floor(-3.203 + 0.5) = 9 -> 0.5625; AP_RND result: 4.5 LSBs -> 5 -> 0.625.
        types.put("conv.accum", "ap_fixed<8,4,AP_RND>");
        types.put("conv.result", "ap_fixed<6,3,AP_RND>");
        assertThat(logit(conv(), types)).isEqualTo(0.625);
    }

    @Test
    void autoAccumulatorIsExact() {
        Map<String, String> types = plan("auto", "ap_fixed<8,2>", "ap_fixed<6,3>");
        assertThat(logit(conv(), types)).as("0.5625 truncated to 1/8").isEqualTo(0.5);
        types.put("conv.result", "ap_fixed<6,3,AP_RND>");
        assertThat(logit(conv(), types)).as("4.5 LSBs, a tie, goes up").isEqualTo(0.625);
        // hls4ml's rule: 8+8 bits + ceil(log2 2) guard, one more integer bit for the bias.
        QuantizedNetwork q = QuantizedNetwork.of(conv(), PrecisionPlan.of(settings(types)));
        assertThat(q.types().of("conv").accum()).isEqualTo(FixedType.of(18, 8));
    }

    @Test
    void accumulatorOverflowWrapsOrSaturatesAtEveryStep() {
        // Three products of +-1.125 (18 LSBs of 1/16) into ap_fixed<6,2> (-2 .. 1.9375, raw -32 .. 31).
        DeployedNetwork n = TinyGraphs.oneConv(new float[]{0.75f, 0.75f, 0.75f}, 0f);
        float[] x = {1.5f, 1.5f, -1.5f};
        Map<String, String> types = plan("ap_fixed<6,2>", "ap_fixed<8,2>", "ap_fixed<16,8>");
        // Wrap: 18 + 18 = 36 -> -28, then -28 - 18 = -46 -> 18: modular arithmetic ends at the true sum.
        assertThat(logit(n, types, x)).isEqualTo(1.125);
        // Saturate: 36 -> 31, then 31 - 18 = 13 -> 0.8125.
        types.put("conv.accum", "ap_fixed<6,2,AP_TRN,AP_SAT>");
        assertThat(logit(n, types, x)).isEqualTo(0.8125);
    }

    @Test
    void averagePoolDividesTruncatingTowardZero() {
        DeployedNetwork n = TinyGraphs.averagePool(3);
        Map<String, String> types = new LinkedHashMap<>(Map.of("default", "ap_fixed<8,4>"));
        // Sum -0.5 = -8 LSBs; -8 / 3 = -2.67 -> -2 (toward zero; a floor would give -3) -> -0.125.
        assertThat(logit(n, types, new float[]{-0.25f, -0.25f, 0f})).isEqualTo(-0.125);
        assertThat(logit(n, types, new float[]{0.25f, 0.25f, 0f})).isEqualTo(0.125);
    }

    @Test
    void reluAndAddConvertTheirExactResults() {
        DeployedNetwork n = TinyGraphs.reluAdd(3);
        Map<String, String> types = new LinkedHashMap<>(Map.of("default", "ap_fixed<8,4>", "relu", "ap_fixed<4,2,AP_RND,AP_SAT>",
                "add", "ap_fixed<5,2>"));
        Map<String, FixedTensor> a = FixedPointSimulator.activations(QuantizedNetwork.of(n, PrecisionPlan.of(settings(types))),
                new float[]{0.375f, -0.5f, 1.875f});
        // ReLU to 1/4 steps, AP_RND, saturating at 1.75: 0.375 -> 0.5 (tie up), -0.5 -> 0, 1.875 -> 2.0 -> 1.75.
        assertThat(a.get("relu").values()).containsExactly(0.5, 0.0, 1.75);
        // Add (LSB 1/8, range -2 .. 1.875, wrap): 0.875, -0.5, 3.625 -> 3.625 - 4 = -0.375.
        assertThat(a.get("add").values()).containsExactly(0.875, -0.5, -0.375);
    }

    private static Map<String, String> plan(String accum, String weight, String result) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("default", IN.toString());
        m.put("conv.weight", weight);
        m.put("conv.accum", accum);
        m.put("conv.result", result);
        return m;
    }

    private static double logit(DeployedNetwork n, Map<String, String> types) {
        return logit(n, types, X);
    }

    private static double logit(DeployedNetwork n, Map<String, String> types, float[] x) {
        return FixedPointSimulator.logits(QuantizedNetwork.of(n, PrecisionPlan.of(settings(types))), x).value(0);
    }

    static Map<String, PrecisionPlan.Setting> settings(Map<String, String> types) {
        Map<String, PrecisionPlan.Setting> m = new LinkedHashMap<>();
        types.forEach((k, v) -> m.put(k, v.equals("auto") ? PrecisionPlan.Setting.AUTO_ACCUMULATOR : new PrecisionPlan.Setting(TypeSyntax.parse(v))));
        return m;
    }
}
