package dev.tailor.fixedpoint;

import dev.tailor.net.ModelZoo;
import dev.tailor.net.Op;
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

    /** The histogram's error of a type against the error computed value by value. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"TRN, SAT", "RND, SAT", "TRN, WRAP", "RND, WRAP"})
    void theHistogramsSquaredErrorIsTheValuesOwn(Rounding rounding, Overflow overflow) {
        Random rng = new Random(11);
        double[] values = new double[50_000];
        RangeHistogram h = new RangeHistogram();
        for (int i = 0; i < values.length; i++) {
            // A ReLU-like bulk, a signed part and rare large values.
            double v = i % 1000 == 0 ? 6 * rng.nextDouble() : i % 3 == 0 ? rng.nextGaussian() * 0.3 : Math.max(0, rng.nextGaussian());
            values[i] = v;
            h.add(v);
        }
        for (int integer = -2; integer <= 4; integer++) {
            FixedType t = new FixedType(6, integer, true, rounding, overflow);
            double exact = 0;
            for (double v : values) {
                double e = t.toDouble(t.fromDouble(v)) - v;
                exact += e * e;
            }
            exact /= values.length;
            assertThat(h.meanSquaredError(t)).as("%s", t).isCloseTo(exact, within(0.05 * exact));
        }
        assertThat(new RangeHistogram().meanSquaredError(FixedType.of(6, 2))).isZero();
    }

    /**
     * 4-bit AP_RND/AP_SAT types for 10,000 values evenly in [-1, 1) and one 7.5, by hand (u: the
     * bulk's share, 10,000/10,001). I = 4 (LSB 1, range [-8, 7]), the fewest integer bits for the
     * maximum's magnitude: 7.5 saturates to 7, and the bulk is left a rounding error uniform over
     * one LSB: u/12 ≈ 0.0833. I = 1 (LSB 1/8, range [-1, 0.875]): u·(1/8)²/12 ≈ 0.0013 for
     * rounding, ≈ 0.0003 for the 1/32 of the bulk that rounds above 0.875 and saturates,
     * (7.5 − 0.875)²/10,001 ≈ 0.0044 for the outlier: ≈ 0.0059. I = 2 costs
     * u·(1/4)²/12 + (7.5 − 1.75)²/10,001 ≈ 0.0085, I = 3 ≈ 0.022 and I = 0 (range [-0.5, 0.4375])
     * ≈ 0.056. So MAX gives 4 integer bits and MSE 1.
     */
    @Test
    void leastSquaresGivesUpARareOutlierForFractionBits() {
        RangeHistogram h = new RangeHistogram();
        for (int i = 0; i < 10_000; i++) {
            h.add(-1 + 2 * (i + 0.5) / 10_000);
        }
        h.add(7.5);
        FixedType held = FixedType.of(4, 4).with(Rounding.RND, Overflow.SAT);
        FixedType fitted = FixedType.of(4, 1).with(Rounding.RND, Overflow.SAT);
        assertThat(h.meanSquaredError(held)).isCloseTo(10_000.0 / 10_001 / 12, within(0.002));
        assertThat(h.meanSquaredError(fitted)).isCloseTo(0.0059, within(0.0002));
        Profile p = new Profile(java.util.List.of(new Profile.LayerRange("stem.conv", Op.CONV, null, null, h)), 1);
        PrecisionPlan base = PrecisionPlan.uniform(FixedType.of(4, 2), PrecisionPlan.Setting.AUTO_ACCUMULATOR);
        assertThat(p.plan(Profile.Widths.uniform(4), Rounding.RND, Overflow.SAT, base, IntegerFit.MAX).setting("stem.conv", Role.RESULT).type())
                .isEqualTo(held);
        assertThat(p.plan(Profile.Widths.uniform(4), Rounding.RND, Overflow.SAT, base, IntegerFit.MSE).setting("stem.conv", Role.RESULT).type())
                .isEqualTo(fitted);
    }

    /** A value's sign decides its error: −1 is exact in ap_fixed<4,1> and +1 saturates to 0.875. */
    @Test
    void theSquaredErrorTakesEachValuesSign() {
        FixedType t = FixedType.of(4, 1).with(Rounding.TRN, Overflow.SAT);
        RangeHistogram negative = new RangeHistogram();
        negative.add(-1.0);
        RangeHistogram positive = new RangeHistogram();
        positive.add(1.0);
        assertThat(negative.meanSquaredError(t)).isZero();
        assertThat(positive.meanSquaredError(t)).isEqualTo(1.0 / 64);
        // Under AP_TRN a small positive value truncates to 0, a small negative one to −1 LSB.
        RangeHistogram small = new RangeHistogram();
        small.add(-0.03125);
        assertThat(small.meanSquaredError(t)).isCloseTo((0.125 - 0.03125) * (0.125 - 0.03125), within(1e-12));
    }

    /** At 4 bits a least-squares plan runs a random network closer to its float self than one that holds every maximum. */
    @Test
    void aLeastSquaresPlanIsCloserToTheFloatNetworkAtFourBits() {
        DeployedNetwork n = randomNetwork();
        int count = 24;
        float[] images = gaussianImages(count, 1, 5);
        Profile p = Profile.of(n, java.util.Arrays.copyOf(images, 12 * 100), 12);
        PrecisionPlan base = PrecisionPlan.uniform(FixedType.of(4, 2).with(Rounding.RND, Overflow.SAT), PrecisionPlan.Setting.AUTO_ACCUMULATOR);
        double[] error = new double[2];
        for (IntegerFit fit : IntegerFit.values()) {
            QuantizedNetwork q = QuantizedNetwork.of(n, p.plan(Profile.Widths.uniform(4), Rounding.RND, Overflow.SAT, base, fit));
            for (int i = 12; i < count; i++) {
                float[] image = java.util.Arrays.copyOfRange(images, i * 100, (i + 1) * 100);
                double[] want = Interpreter.activations(n, image).get("fc");
                double[] got = FixedPointSimulator.activations(q, image).get("fc").values();
                for (int k = 0; k < want.length; k++) {
                    error[fit.ordinal()] += (got[k] - want[k]) * (got[k] - want[k]);
                }
            }
        }
        assertThat(error[IntegerFit.MSE.ordinal()]).isLessThan(error[IntegerFit.MAX.ordinal()]);
    }

    @Test
    void aPlanFromTheProfileDoesNotOverflowOnItsCalibrationImages() {
        DeployedNetwork n = randomNetwork();
        int count = 12;
        float[] images = gaussianImages(count, 2, 3);
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

    /** A BN-folded ResNet-8 with random weights for 1x10x10 inputs. */
    private static DeployedNetwork randomNetwork() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 10, 10), 4, 4);
        return new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), 7)).apply(new FoldBatchNorm());
    }

    /** {@code count} 1x10x10 images of Gaussian pixels with standard deviation {@code sd}. */
    private static float[] gaussianImages(int count, double sd, long seed) {
        float[] images = new float[count * 100];
        Random rng = new Random(seed);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (rng.nextGaussian() * sd);
        }
        return images;
    }
}
