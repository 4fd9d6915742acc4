package dev.tailor.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.tailor.fixedpoint.Classes;
import dev.tailor.fixedpoint.FixedPointSimulator;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FakeQuantizerTest {
    private static final dev.tailor.net.Shape IN = new dev.tailor.net.Shape(3, 12, 12);
    @SharedManager
    private static NDManager manager;

    private static NetSpec spec() {
        return ModelZoo.build("resnet8", IN, 5, 16).withSkip(1, SkipMode.SHORT).withSkip(2, SkipMode.NONE);
    }

    private static NDArray images(int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[(int) (n * IN.elements())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return manager.create(x, new Shape(n, IN.channels(), IN.height(), IN.width()));
    }

    private static PrecisionPlan uniform(FixedType t) {
        return PrecisionPlan.uniform(t, PrecisionPlan.Setting.AUTO_ACCUMULATOR);
    }

    /**
     * Folding with running statistics, unscaling and a batch-statistics BN is the float conv+BN when
     * quantisation is negligible. Negligible means 24 fraction bits here: this untrained network's
     * gradients move by a few percent under a 2^-19 change of the stem's weights even in float.
     */
    @Test
    void aNegligiblyFinePlanTrainsLikeTheFloatModel() {
        try (ResNetModel f = ResNetModel.create(spec(), manager, 4); ResNetModel q = ResNetModel.create(spec(), manager, 4)) {
            randomiseRunningStatistics(f, 9);
            q.copyFrom(f);
            q.setFakeQuantizer(new FakeQuantizer(uniform(FixedType.of(32, 8).with(Rounding.RND, Overflow.SAT))));
            NDArray x = images(8, 1);
            Map<String, float[]> gf = new java.util.HashMap<>();
            Map<String, float[]> gq = new java.util.HashMap<>();
            float[] lf = MemoryLayoutTest.logitsAndGradients(f, x, gf);
            float[] lq = MemoryLayoutTest.logitsAndGradients(q, x, gq);
            assertClose("logits", lf, lq);
            for (String name : f.trainableNames()) {
                assertClose(name + " gradient", gf.get(name), gq.get(name));
            }
            assertClose("running mean after the step", f.namedParameters().get("stage1.block1.bn1.runningMean").getArray().toFloatArray(),
                    q.namedParameters().get("stage1.block1.bn1.runningMean").getArray().toFloatArray());
        }
    }

    @Test
    void trainingPassesAreQuantisedAndStillCarryGradients() {
        FixedType t = FixedType.of(6, 3).with(Rounding.TRN, Overflow.SAT);
        try (ResNetModel q = ResNetModel.create(spec(), manager, 5)) {
            q.setFakeQuantizer(new FakeQuantizer(uniform(t)));
            Map<String, float[]> g = new java.util.HashMap<>();
            float[] logits = MemoryLayoutTest.logitsAndGradients(q, images(4, 2), g);
            for (float v : logits) {
                assertThat(v * 8).as("a multiple of 1/8").isEqualTo((float) Math.floor(v * 8));
                assertThat((double) v).isBetween(-4.0, 3.875);
            }
            assertThat(Arrays.stream(box(g.get("stem.conv.weight"))).anyMatch(v -> v != 0 && Float.isFinite(v)))
                    .as("straight-through gradients reach the first conv").isTrue();
        }
    }

    /** Evaluation is the deployed fixed-point network: the simulation's logits, ties broken toward the lower class. */
    @Test
    void evaluationIsTheSimulation() {
        PrecisionPlan plan = uniform(FixedType.of(5, 3));
        try (ResNetModel q = ResNetModel.create(spec(), manager, 6)) {
            randomiseRunningStatistics(q, 3);
            q.setFakeQuantizer(new FakeQuantizer(plan));
            NDArray x = images(12, 3);
            float[] got = q.forward(x, false).toFloatArray();
            QuantizedNetwork sim = QuantizedNetwork.of(new DeployedNetwork(q.spec().graph(), q.weights())
                    .apply(new FoldBatchNorm(), new MergeParallelConvs()), plan);
            float[] all = x.toFloatArray();
            int size = (int) IN.elements();
            int ties = 0;
            for (int i = 0; i < 12; i++) {
                double[] exact = FixedPointSimulator.logits(sim, Arrays.copyOfRange(all, i * size, (i + 1) * size)).values();
                float[] mine = Arrays.copyOfRange(got, i * 5, (i + 1) * 5);
                int best = 0;
                for (int c = 0; c < 5; c++) {
                    assertThat((double) mine[c]).as("image %d class %d", i, c).isCloseTo(exact[c], within(0.125));
                    best = mine[c] > mine[best] ? c : best;
                }
                assertThat(best).as("image %d", i).isEqualTo(Classes.argmax(exact));
                ties += Arrays.stream(exact).filter(v -> v == exact[Classes.argmax(exact)]).count() > 1 ? 1 : 0;
            }
            assertThat(ties).as("5-bit logits tie; the tie rule was exercised").isPositive();
        }
    }

    /**
     * With frozen statistics a training pass normalises by the running statistics, so it runs the
     * network evaluation runs (up to the biases, which training does not quantise); with batch
     * statistics it runs another one (this untrained network's running statistics are random).
     */
    @Test
    void frozenStatisticsTrainTheNetworkThatEvaluationRuns() {
        PrecisionPlan plan = uniform(FixedType.of(8, 4).with(Rounding.RND, Overflow.SAT))
                .overriddenBy(PrecisionPlan.parse("default.bias: ap_fixed<24,8,AP_RND,AP_SAT>", "test"));
        double[] gap = new double[2];
        for (FakeQuantizer.BatchNormStatistics statistics : FakeQuantizer.BatchNormStatistics.values()) {
            try (ResNetModel q = ResNetModel.create(spec(), manager, 7)) {
                randomiseRunningStatistics(q, 4);
                q.setFakeQuantizer(new FakeQuantizer(plan, statistics));
                NDArray x = images(16, 5);
                float[] evaluated = q.forward(x, false).toFloatArray();
                float[] trained;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    trained = q.forward(x, true).toFloatArray();
                }
                for (int i = 0; i < trained.length; i++) {
                    gap[statistics.ordinal()] += Math.abs(trained[i] - evaluated[i]) / trained.length;
                }
            }
        }
        double frozen = gap[FakeQuantizer.BatchNormStatistics.FROZEN.ordinal()];
        double batch = gap[FakeQuantizer.BatchNormStatistics.UPDATED.ordinal()];
        assertThat(frozen).as("mean |logit difference|, frozen (LSB 1/16)").isLessThan(1.0 / 16);
        assertThat(batch).as("mean |logit difference|, batch statistics").isGreaterThan(10 * frozen + 0.1);
    }

    static void randomiseRunningStatistics(ResNetModel m, long seed) {
        Random rng = new Random(seed);
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            if (e.getKey().endsWith("runningVar") || e.getKey().endsWith("runningMean")) {
                NDArray a = e.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = e.getKey().endsWith("Var") ? 0.5f + rng.nextFloat() : (float) rng.nextGaussian() * 0.2f;
                }
                a.set(v);
            }
        }
    }

    private static void assertClose(String what, float[] a, float[] b) {
        double scale = 0;
        for (float v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat((double) b[i]).as("%s[%d]", what, i).isCloseTo(a[i], within(2e-3 * Math.max(scale, 1e-3)));
        }
    }

    private static Float[] box(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }
}
