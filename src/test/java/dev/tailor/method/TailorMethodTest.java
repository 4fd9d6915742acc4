package dev.tailor.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSplits;
import dev.tailor.data.SyntheticDataset;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.nn.ResNetModel;
import dev.tailor.testing.SharedManager;
import dev.tailor.train.Console;
import dev.tailor.train.StopRequest;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TailorMethodTest {
    @SharedManager
    private static NDManager manager;
    @TempDir
    Path dir;

    @Test
    void scheduleAltersSkipKAtEpochNTimesKPlusOne() {
        AlterationSchedule s = AlterationSchedule.parse(3, "input-first", 3);
        assertThat(java.util.stream.IntStream.range(0, 12).map(s::skipAlteredAfter).boxed().toList())
                .containsExactly(-1, -1, -1, 0, -1, -1, 1, -1, -1, 2, -1, -1);
        assertThat(s.lastAlterationEpoch()).isEqualTo(9);
        // The console counts epochs from 1: the skip altered after 0-based epoch 3 is altered after the console's epoch 4.
        assertThat(s.afterEpochs()).containsExactly(4, 7, 10);
        AlterationSchedule two = AlterationSchedule.parse(2, "output-first", 4);
        assertThat(two.alteredThrough(5)).containsExactly(3, 2);
        assertThat(two.alteredThrough(100)).containsExactly(3, 2, 1, 0);
        AlterationSchedule subset = AlterationSchedule.parse(1, "2,0", 3);
        assertThat(subset.skipAlteredAfter(1)).isEqualTo(2);
        assertThat(subset.skipAlteredAfter(2)).isEqualTo(0);
        assertThat(subset.skipAlteredAfter(3)).isEqualTo(-1);
        assertThatThrownBy(() -> AlterationSchedule.parse(1, "0,0", 3)).hasMessageContaining("repeated");
        assertThatThrownBy(() -> AlterationSchedule.parse(0, "input-first", 3)).hasMessageContaining("period between alterations must be positive");
    }

    @Test
    void reapplyingAlterationsIsIdempotent() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 8, 8), 3, 4);
        try (ResNetModel m = ResNetModel.create(spec, manager, 1)) {
            SkipAlterer a = new SkipAlterer(AlterationSchedule.parse(2, "input-first", 3), AlterationTarget.REMOVE);
            a.onResume(m, 5); // epochs 0..4 done: alterations after epochs 2 and 4
            List<SkipMode> once = m.spec().skips();
            a.onResume(m, 5);
            assertThat(m.spec().skips()).isEqualTo(once).containsExactly(SkipMode.NONE, SkipMode.NONE, SkipMode.LONG);
            assertThat(a.isFinalWiring(5)).isFalse();
            assertThat(a.isFinalWiring(6)).isTrue();
            // the last alteration follows epoch 6, so epoch 7 is the first to train the final wiring
            // (where --schedule hold-cosine starts its cosine)
            assertThat(a.finalWiringFrom()).isEqualTo(7);
        }
    }

    /**
     * Temperature 0 (the paper): alpha·MSE(z, t) + (1 - alpha)·CE. Above 0 (Hinton):
     * alpha·T²·KL(softmax(t/T) || softmax(z/T)) + (1 - alpha)·CE. Batch means, against hand computation.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "T = {0}")
    @org.junit.jupiter.params.provider.ValueSource(floats = {0f, 1f, 4f})
    void kdLossMatchesHandComputation(float temperature) {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 8, 8), 3, 2);
        try (ResNetModel teacher = ResNetModel.create(spec, manager, 1); NDManager s = manager.newSubManager()) {
            NDArray x = s.randomNormal(new ai.djl.ndarray.types.Shape(2, 1, 8, 8));
            float[] t = teacher.forward(x, false).toFloatArray();
            float[] z = {0.5f, -1f, 2f, 0f, 0.25f, -0.5f};
            long[] y = {2, 1};
            float loss = new KnowledgeDistillation(teacher, new DistillationSettings(0.35f, temperature, false)).forBatch(x)
                    .apply(s.create(z, new ai.djl.ndarray.types.Shape(2, 3)), s.create(y)).getFloat();
            double soft = 0;
            double ce = 0;
            for (int r = 0; r < 2; r++) {
                ce -= Math.log(softmax(z, r, 1)[(int) y[r]]) / 2;
                double[] p = softmax(t, r, Math.max(temperature, 1));
                double[] q = softmax(z, r, Math.max(temperature, 1));
                for (int c = 0; c < 3; c++) {
                    int i = r * 3 + c;
                    soft += temperature == 0 ? (z[i] - t[i]) * (z[i] - t[i]) / 6
                            : temperature * temperature * p[c] * (Math.log(p[c]) - Math.log(q[c])) / 2;
                }
            }
            assertThat(soft).as("teacher and student differ, so the soft term is not zero").isGreaterThan(1e-4);
            double want = 0.35 * soft + 0.65 * ce;
            assertThat((double) loss).isCloseTo(want, within(1e-5 * Math.max(1, want)));
        }
    }

    private static double[] softmax(float[] logits, int row, float temperature) {
        double[] e = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            max = Math.max(max, logits[row * 3 + c] / temperature);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            e[c] = Math.exp(logits[row * 3 + c] / temperature - max);
            sum += e[c];
        }
        for (int c = 0; c < 3; c++) {
            e[c] /= sum;
        }
        return e;
    }

    /**
     * End to end on the synthetic set: the student starts identical to the teacher, skips go on
     * schedule, the teacher's weights stay bit-identical, and a resumed run restores the wiring.
     */
    @Test
    void skipRemoverEndToEnd() {
        DataSplits data = new DataSplits(SyntheticDataset.generate(1024, new Shape(3, 16, 16), 10, 1),
                SyntheticDataset.generate(256, new Shape(3, 16, 16), 10, 2));
        NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 16);
        Console quiet = Console.quiet();
        try (ResNetModel teacher = ResNetModel.create(spec, manager, 1);
             ResNetModel student = ResNetModel.create(spec, manager, 2)) {
            new TrainingLoop(teacher, data, TrainConfig.defaults(dir.resolve("t")).withEpochs(2), dev.tailor.train.Objective.CROSS_ENTROPY,
                    dev.tailor.train.EpochListener.NONE, quiet).run(null);
            Map<String, float[]> before = snapshot(teacher);
            assertThat(before.values()).allSatisfy(v -> { for (float f : v) { assertThat(Float.isFinite(f)).isTrue(); } });
            NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(4, 3, 16, 16));
            student.copyFrom(teacher);
            assertThat(student.forward(x, false).toFloatArray()).containsExactly(teacher.forward(x, false).toFloatArray());

            AlterationSchedule schedule = AlterationSchedule.parse(1, "input-first", 3);
            TailorJob job = new TailorJob(AlterationTarget.REMOVE, schedule, DistillationSettings.PAPER);
            TrainConfig cfg = TrainConfig.defaults(dir.resolve("s")).withEpochs(5);
            TrainingLoop.Result r = job.run(teacher, student, data, cfg, quiet, new StopRequest());
            // N = 1: nothing after epoch 0, then skip 0, 1, 2 after epochs 1, 2, 3.
            assertThat(r.history()).extracting(h -> h.skips())
                    .containsExactly("long,long,long", "none,long,long", "none,none,long", "none,none,none", "none,none,none");
            assertThat(r.bestEpoch()).isGreaterThanOrEqualTo(3); // "best" only once the wiring is final
            assertThat(snapshot(teacher)).usingRecursiveComparison().isEqualTo(before);

            // Resume for one more epoch in a fresh model: the schedule re-applies every alteration.
            try (ResNetModel resumed = ResNetModel.create(spec, manager, 3)) {
                TrainingLoop.Result r2 = job.run(teacher, resumed, data, cfg.withEpochs(6).withResume(true), quiet, new StopRequest());
                assertThat(r2.history()).hasSize(6);
                assertThat(resumed.spec().skips()).containsOnly(SkipMode.NONE);
                assertThat(r2.test().top1()).isGreaterThan(0.3); // chance 0.1
            }
        }
    }

    @Test
    void tooFewEpochsForTheScheduleIsRejected() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 16);
        try (ResNetModel t = ResNetModel.create(spec, manager, 1); ResNetModel s = ResNetModel.create(spec, manager, 1)) {
            DataSplits data = new DataSplits(SyntheticDataset.generate(64, new Shape(3, 16, 16), 10, 1),
                    SyntheticDataset.generate(64, new Shape(3, 16, 16), 10, 2));
            TailorJob job = new TailorJob(AlterationTarget.REMOVE, AlterationSchedule.parse(1, "input-first", 3), DistillationSettings.PAPER);
            assertThatThrownBy(() -> job.run(t, s, data, TrainConfig.defaults(dir).withEpochs(3), Console.quiet(), new StopRequest()))
                    .isInstanceOf(dev.tailor.errors.InvalidInputException.class)
                    .hasMessageContaining("3 epochs are too few").hasMessageContaining("at least 5");
        }
    }

    private static Map<String, float[]> snapshot(ResNetModel m) {
        return m.namedParameters().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getArray().toFloatArray()));
    }
}
