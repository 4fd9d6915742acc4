package dev.tailor.fixedpoint;

import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.Interpreter;
import dev.tailor.net.deploy.RandomWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProfileTest {
    @ParameterizedTest(name = "max {0}: {1} integer bits")
    @CsvSource({"3.0, 3", "3.99, 3", "4.0, 4", "0.3, 0", "0.5, 1", "0.49, 0", "0.0, 1", "100, 8"})
    void integerBitsHoldTheMaximum(double max, int bits) {
        assertThat(Profile.integerBits(max, true)).isEqualTo(bits);
        FixedType t = FixedType.of(16, bits);
        assertThat(t.toDouble(t.maxRaw())).as("largest value").isGreaterThanOrEqualTo(max - Math.scalb(1.0, -t.fraction()));
        assertThat(Profile.integerBits(max, false)).isEqualTo(bits - 1);
    }

    @Test
    void percentilesComeFromTheHistogram() {
        RangeHistogram h = new RangeHistogram();
        for (int i = 1; i <= 10_000; i++) {
            h.add(i % 2 == 0 ? i / 1000.0 : -i / 1000.0);
        }
        assertThat(h.max()).isEqualTo(10.0);
        assertThat(h.count()).isEqualTo(10_000);
        assertThat(h.percentile(0.5)).isBetween(5.0, 5.0 * 1.0625);
        assertThat(h.percentile(0.9999)).isBetween(9.999, 10.0);
        assertThat(h.percentile(1.0)).isEqualTo(10.0);
    }

    @Test
    void aPlanFromTheProfileDoesNotOverflowOnItsCalibrationImages() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 10, 10), 4, 4);
        DeployedNetwork n = new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), 7)).apply(new FoldBatchNorm());
        int count = 12;
        float[] images = new float[count * 100];
        Random rng = new Random(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (rng.nextGaussian() * 2);
        }
        Profile p = Profile.of(n, images, count);
        Profile.LayerRange stem = p.layers().stream().filter(r -> r.layer().equals("stem.conv")).findFirst().orElseThrow();
        assertThat(stem.result().count()).isEqualTo(count * 4L * 100);
        PrecisionPlan plan = p.plan(Profile.Widths.uniform(18), Rounding.RND, Overflow.WRAP,
                PrecisionPlan.uniform(FixedType.of(18, 8), PrecisionPlan.Setting.AUTO_ACCUMULATOR));
        assertThat(plan.setting("stem.conv", Role.RESULT).type().integer()).isEqualTo(Profile.integerBits(stem.result().max(), true));
        QuantizedNetwork q = QuantizedNetwork.of(n, plan);
        for (int i = 0; i < count; i++) {
            float[] image = java.util.Arrays.copyOfRange(images, i * 100, (i + 1) * 100);
            Map<String, double[]> want = Interpreter.activations(n, image);
            Map<String, FixedTensor> got = FixedPointSimulator.activations(q, image);
            for (Map.Entry<String, double[]> e : want.entrySet()) {
                double[] fixed = got.get(e.getKey()).values();
                double tolerance = 0.02 * (1 + p.layers().stream().filter(r -> r.layer().equals(e.getKey())).findFirst().orElseThrow().result().max());
                for (int k = 0; k < fixed.length; k++) {
                    assertThat(fixed[k]).as("%s[%d] of image %d", e.getKey(), k, i).isCloseTo(e.getValue()[k], within(tolerance));
                }
            }
        }
    }
}
