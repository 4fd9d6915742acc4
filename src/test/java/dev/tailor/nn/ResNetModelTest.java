package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResNetModelTest {
    @SharedManager
    private static NDManager manager;

    /** What a manager holds right now (to show a pass leaves nothing behind). */
    private static List<NDArray> arrays(NDManager m) {
        return ((ai.djl.ndarray.BaseNDManager) m).getManagedArrays();
    }

    @Test
    void parameterNamesAreReadableAndIndependentOfWiring() {
        NetSpec spec = ModelZoo.build("resnet8");
        try (ResNetModel a = ResNetModel.create(spec, manager, 1);
             ResNetModel b = ResNetModel.create(spec.withAllSkips(SkipMode.NONE), manager, 1)) {
            assertThat(a.namedParameters().keySet()).contains("stage2.block1.conv1.weight", "stage2.block1.proj.conv.weight",
                    "stage3.block1.bn2.runningVar", "stem.conv.weight", "fc.weight", "fc.bias");
            assertThat(a.namedParameters().keySet()).containsExactlyElementsOf(b.namedParameters().keySet());
            // The projection is trainable only while a skip uses it.
            assertThat(a.trainableNames()).contains("stage2.block1.proj.conv.weight");
            assertThat(b.trainableNames()).doesNotContain("stage2.block1.proj.conv.weight");
            long trainable = a.trainableNames().stream().mapToLong(n -> a.namedParameters().get(n).getArray().size()).sum();
            assertThat(trainable).isEqualTo(spec.graph().totalParams());
        }
    }

    @Test
    void sameSeedSameWeightsAndCopyByName() {
        NetSpec spec = ModelZoo.build("resnet8", new dev.tailor.net.Shape(1, 16, 16), 4, 4);
        try (ResNetModel a = ResNetModel.create(spec, manager, 5);
             ResNetModel b = ResNetModel.create(spec, manager, 5);
             ResNetModel c = ResNetModel.create(spec.withAllSkips(SkipMode.SHORT), manager, 6)) {
            NDArray x = manager.randomNormal(new Shape(2, 1, 16, 16));
            assertThat(a.forward(x, false).toFloatArray()).containsExactly(b.forward(x, false).toFloatArray());
            List<String> copied = c.copyFrom(a);
            assertThat(copied).hasSize(a.namedParameters().size());
            c.setSkips(a.spec().skips());
            assertThat(c.forward(x, false).toFloatArray()).containsExactly(a.forward(x, false).toFloatArray());
        }
    }

    /**
     * Initial weights: convs He-normal over fan-out, the classifier uniform in ±1/sqrt(fan-in) as
     * PyTorch's nn.Linear, BN γ = 1, β = 0; drawn from the model's own generator, so creating a model
     * neither reseeds nor draws from the engine's.
     */
    @Test
    void initialisationFollowsTheReferenceAndLeavesTheEngineGeneratorAlone() {
        NetSpec spec = ModelZoo.build("resnet20", new dev.tailor.net.Shape(3, 16, 16), 10, 16);
        ai.djl.engine.Engine.getInstance().setRandomSeed(77);
        float[] before = manager.randomUniform(0, 1, new Shape(4)).toFloatArray();
        ai.djl.engine.Engine.getInstance().setRandomSeed(77);
        try (ResNetModel m = ResNetModel.create(spec, manager, 5)) {
            assertThat(manager.randomUniform(0, 1, new Shape(4)).toFloatArray()).containsExactly(before);
            float[] fc = m.namedParameters().get("fc.weight").getArray().toFloatArray();
            float[] bias = m.namedParameters().get("fc.bias").getArray().toFloatArray();
            double bound = 1 / Math.sqrt(64);
            for (float[] values : new float[][]{fc, bias}) {
                for (float v : values) {
                    assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
                }
            }
            // uniform(-b, b) has standard deviation b/sqrt(3); 640 draws put it within 10 %
            assertThat(std(fc)).isCloseTo(bound / Math.sqrt(3), within(0.1 * bound / Math.sqrt(3)));
            // conv 3x3, 64 out channels: std sqrt(2 / (64 * 9)) over 36,864 draws, within 3 %
            float[] conv = m.namedParameters().get("stage3.block2.conv1.weight").getArray().toFloatArray();
            assertThat(std(conv)).isCloseTo(Math.sqrt(2.0 / (64 * 9)), within(0.03 * Math.sqrt(2.0 / (64 * 9))));
            assertThat(m.namedParameters().get("stage1.block1.bn1.gamma").getArray().toFloatArray()).containsOnly(1f);
            assertThat(m.namedParameters().get("stage1.block1.bn1.beta").getArray().toFloatArray()).containsOnly(0f);
        }
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double ss = 0;
        for (float f : v) {
            ss += (f - mean) * (f - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    @Test
    void skipSwitchesInPlaceAndRemovedProjectionIsNotEvaluated() {
        NetSpec spec = ModelZoo.build("resnet8", new dev.tailor.net.Shape(1, 16, 16), 4, 4);
        try (ResNetModel m = ResNetModel.create(spec, manager, 3)) {
            NDArray x = manager.randomNormal(new Shape(2, 1, 16, 16));
            float[] before = m.forward(x, false).toFloatArray();
            m.setSkip(1, SkipMode.NONE);
            float[] removed = m.forward(x, false).toFloatArray();
            assertThat(removed).isNotEqualTo(before);
            // Poison the projection: a removed skip must not read it.
            m.namedParameters().get("stage2.block1.proj.conv.weight").getArray().muli(Float.NaN);
            assertThat(m.forward(x, false).toFloatArray()).containsExactly(removed);
            assertThat(m.spec().skips()).containsExactly(SkipMode.LONG, SkipMode.NONE, SkipMode.LONG);
        }
    }

    @Test
    void evaluationLeavesNothingInTheModelsManager() {
        NetSpec spec = ModelZoo.build("resnet8", new dev.tailor.net.Shape(1, 16, 16), 4, 4);
        try (ResNetModel m = ResNetModel.create(spec, manager, 3)) {
            NDArray x = manager.randomNormal(new Shape(2, 1, 16, 16));
            int before = arrays(m.manager()).size();
            for (int i = 0; i < 3; i++) {
                try (NDManager pass = manager.newSubManager()) {
                    m.forward(pass.create(x.toFloatArray(), x.getShape()), false);
                }
            }
            // Folding BN into the conv computes from parameters; those results must die with the pass.
            assertThat(arrays(m.manager())).hasSize(before);
        }
    }

    @Test
    void evaluationLeavesOnlyItsLogitsInTheCallersManager() {
        NetSpec spec = ModelZoo.build("resnet8", new dev.tailor.net.Shape(1, 16, 16), 4, 4);
        try (ResNetModel m = ResNetModel.create(spec, manager, 3);
             NDManager step = manager.newSubManager()) {
            NDArray x = step.randomNormal(new Shape(2, 1, 16, 16));
            int before = arrays(step).size();
            NDArray logits = m.forward(x, false);
            // A KD step holds the teacher's logits for the whole student step; its activations
            // must not ride along.
            assertThat(arrays(step)).hasSize(before + 1).contains(logits, x);
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 4));
            assertThat(x.getManager()).isSameAs(step);
        }
    }

    @Test
    void frozenEvaluationMatchesEvaluationAndFoldsOnce() {
        NetSpec spec = ModelZoo.build("resnet8", new dev.tailor.net.Shape(1, 16, 16), 4, 4);
        try (ResNetModel m = ResNetModel.create(spec, manager, 3)) {
            // Non-trivial running statistics, so folding is not the identity.
            for (Map.Entry<String, ai.djl.nn.Parameter> e : m.namedParameters().entrySet()) {
                if (e.getKey().endsWith("runningVar") || e.getKey().endsWith("runningMean") || e.getKey().endsWith("gamma")) {
                    NDArray a = e.getValue().getArray();
                    a.set(manager.randomUniform(0.5f, 1.5f, a.getShape()).toFloatArray());
                }
            }
            m.setSkip(0, SkipMode.SHORT);
            m.setSkip(1, SkipMode.NONE);
            UnaryOperator<NDArray> frozen = m.frozenEvaluation();
            NDArray x = manager.randomNormal(new Shape(3, 1, 16, 16));
            float[] want = m.forward(x, false).toFloatArray();
            assertThat(frozen.apply(x).toFloatArray()).containsExactly(want, within(1e-5f));
            int afterFirst = arrays(m.manager()).size();
            for (int i = 0; i < 3; i++) {
                try (NDManager pass = manager.newSubManager()) {
                    assertThat(frozen.apply(pass.create(x.toFloatArray(), x.getShape())).toFloatArray())
                            .containsExactly(want, within(1e-5f));
                }
            }
            // The folded weights were kept from the first call, not computed (and kept) again.
            assertThat(arrays(m.manager())).hasSize(afterFirst);
        }
    }

    @Test
    void bottleneckBuildsAndRunsInEveryMode() {
        NetSpec spec = ModelZoo.build("resnet50", new dev.tailor.net.Shape(3, 32, 32), 5, 4);
        try (ResNetModel m = ResNetModel.create(spec, manager, 3)) {
            NDArray x = manager.randomNormal(new Shape(2, 3, 32, 32));
            for (SkipMode mode : SkipMode.values()) {
                for (int i = 0; i < m.skipCount(); i++) {
                    m.setSkip(i, mode);
                }
                float[] out = m.forward(x, true).toFloatArray();
                assertThat(out).hasSize(10);
                for (float v : out) {
                    assertThat(Float.isFinite(v)).isTrue();
                }
            }
            assertThat(m.namedParameters()).containsKey("stage1.block2.short1.conv.weight");
        }
    }
}
