package dev.tailor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSplits;
import dev.tailor.data.Dataset;
import dev.tailor.data.SyntheticDataset;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.nn.ResNetModel;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainingTest {
    @SharedManager
    private static NDManager manager;
    @TempDir
    Path dir;

    static DataSplits small(int n) {
        return new DataSplits(SyntheticDataset.generate(n, new Shape(3, 16, 16), 10, 1),
                SyntheticDataset.generate(256, new Shape(3, 16, 16), 10, 2));
    }

    static Console quiet() {
        return Console.quiet();
    }

    /** The smoke test of the brief: a few hundred steps of ResNet-8 on the synthetic set. */
    @Test
    void resnet8LearnsTheSyntheticSet() throws Exception {
        DataSplits data = small(2560);
        NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 0);
        TrainConfig cfg = TrainConfig.defaults(dir).withEpochs(3);
        try (ResNetModel m = ResNetModel.create(spec, manager, 1)) {
            TrainingLoop.Result r = new TrainingLoop(m, data, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE, quiet()).run(null);
            List<EpochMetrics> h = r.history();
            assertThat(h).hasSize(3); // 3 x 72 = 216 steps
            assertThat(h.get(2).trainLoss()).isLessThan(h.get(0).trainLoss());
            assertThat(r.test().top1()).isGreaterThan(0.6); // chance is 0.1
            assertThat(Files.exists(dir.resolve("last.ckpt"))).isTrue();
            assertThat(Files.exists(dir.resolve("best.ckpt"))).isTrue();
            assertThat(MetricsFile.read(dir.resolve("metrics.jsonl"), 99)).hasSize(3);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    /** Two epochs straight, or one epoch, a stop, and a resume: the same weights, bit for bit. */
    @Test
    void resumeIsExact() {
        DataSplits data = small(512);
        NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 16);
        TrainConfig cfg = TrainConfig.defaults(dir.resolve("a")).withEpochs(2).withMaxStepsPerEpoch(6);
        float[] straight;
        try (ResNetModel m = ResNetModel.create(spec, manager, 3)) {
            TrainingLoop.Result r0 = new TrainingLoop(m, data, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE, quiet()).run(null);
            assertThat(r0.history()).allSatisfy(h -> assertThat(Double.isFinite(h.trainLoss())).isTrue());
            straight = m.namedParameters().get("stage3.block1.conv2.weight").getArray().toFloatArray();
        }
        TrainConfig b = cfg.withOutDir(dir.resolve("b"));
        try (ResNetModel m = ResNetModel.create(spec, manager, 3)) {
            new TrainingLoop(m, data, b.withEpochs(1), Objective.CROSS_ENTROPY, EpochListener.NONE, quiet()).run(null);
        }
        try (ResNetModel m = ResNetModel.create(spec, manager, 99)) {
            TrainingLoop.Result r = new TrainingLoop(m, data, b.withResume(true), Objective.CROSS_ENTROPY, EpochListener.NONE, quiet())
                    .run(null);
            assertThat(r.history()).hasSize(2);
            assertThat(m.namedParameters().get("stage3.block1.conv2.weight").getArray().toFloatArray()).containsExactly(straight);
        }
    }

    /**
     * Narrow models (4 and 8 channels) train on the engine's two threads and stay finite. Before the
     * 1x1 convs were routed around oneDNN (nn.Convolution) this crashed the JVM on AMD CPUs, and
     * the engine was silently dropped to one thread for such models.
     */
    @Test
    void narrowModelsTrainOnTwoThreadsWithoutNaN() {
        DataSplits data = small(512);
        for (int width : new int[]{4, 8}) {
            NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, width);
            try (ResNetModel m = ResNetModel.create(spec, manager, 1)) {
                TrainingLoop.Result r = new TrainingLoop(m, data, TrainConfig.defaults(dir.resolve("w" + width)).withEpochs(2),
                        Objective.CROSS_ENTROPY, EpochListener.NONE, quiet()).run(null);
                assertThat(r.history()).allSatisfy(h -> assertThat(Double.isFinite(h.trainLoss())).isTrue());
                assertThat(r.history().get(1).trainLoss()).isLessThan(r.history().get(0).trainLoss());
            }
        }
    }

    @Test
    void nesterovMatchesHandComputation() {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 8, 8), 2, 2);
        try (ResNetModel m = ResNetModel.create(spec, manager, 1)) {
            NDArray w = m.namedParameters().get("fc.bias").getArray();
            dev.tailor.nn.TensorWrites.assign(w, new float[]{1f, -2f});
            NesterovSgd opt = new NesterovSgd(0.9f, 0.1f);
            float[] v = {0, 0};
            float[] wv = {1f, -2f};
            float[][] grads = {{0.5f, 1f}, {-0.25f, 2f}};
            for (float[] g : grads) {
                for (String name : m.trainableNames()) {
                    NDArray p = m.namedParameters().get(name).getArray();
                    p.setRequiresGradient(true);
                }
                // Give every parameter a known gradient through a tiny graph: loss = sum(g * bias) (+ 0 * rest).
                try (NDManager s = manager.newSubManager();
                     var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray loss = w.mul(s.create(g)).sum();
                    for (String name : m.trainableNames()) {
                        if (!name.equals("fc.bias")) {
                            loss = loss.add(m.namedParameters().get(name).getArray().sum().mul(0));
                        }
                    }
                    gc.backward(loss);
                }
                opt.step(m, 0.5f);
                for (int i = 0; i < 2; i++) {
                    float gd = g[i] + 0.1f * wv[i];
                    v[i] = 0.9f * v[i] + gd;
                    wv[i] -= 0.5f * (gd + 0.9f * v[i]);
                }
                assertThat(w.toFloatArray()[0]).isCloseTo(wv[0], within(1e-5f));
                assertThat(w.toFloatArray()[1]).isCloseTo(wv[1], within(1e-5f));
                assertThat(w.getGradient().toFloatArray()).containsExactly(0f, 0f);
            }
        }
    }

    @Test
    void schedules() {
        LrSchedule step = LrSchedule.step(0.1f, 30, 0.1f);
        assertThat(step.at(29)).isCloseTo(0.1f, within(1e-7f));
        assertThat(step.at(30)).isCloseTo(0.01f, within(1e-7f));
        assertThat(step.at(65)).isCloseTo(0.001f, within(1e-7f));
        LrSchedule cos = LrSchedule.cosine(0.1f, 10);
        assertThat(cos.at(0)).isCloseTo(0.1f, within(1e-7f));
        assertThat(cos.at(5)).isCloseTo(0.05f, within(1e-6f));
        // hold-cosine: flat through epoch 6, then cos over the 3 fine-tuning epochs 7, 8, 9:
        // 0.05 * (1 + cos(k * pi / 3)) = 0.1, 0.075, 0.025.
        LrSchedule hold = LrSchedule.of(ScheduleKind.HOLD_COSINE, 0.1f, 10, 30, 0.1f, 7);
        for (int e = 0; e <= 7; e++) {
            assertThat(hold.at(e)).as("epoch %d", e).isCloseTo(0.1f, within(1e-7f));
        }
        assertThat(hold.at(8)).isCloseTo(0.075f, within(1e-6f));
        assertThat(hold.at(9)).isCloseTo(0.025f, within(1e-6f));
        LrSchedule noHold = LrSchedule.of(ScheduleKind.HOLD_COSINE, 0.1f, 10, 30, 0.1f, 0);
        for (int e = 0; e < 10; e++) {
            assertThat(noHold.at(e)).isCloseTo(cos.at(e), within(1e-7f));
        }
        assertThatThrownBy(() -> ScheduleKind.parse("warm")).isInstanceOf(dev.tailor.errors.InvalidInputException.class)
                .hasMessageContaining("unknown schedule 'warm'");
    }

    @Test
    void checkpointRoundTripAndErrors() throws Exception {
        NetSpec spec = ModelZoo.build("resnet8", new Shape(1, 8, 8), 3, 4);
        Path f = dir.resolve("m.ckpt");
        try (ResNetModel a = ResNetModel.create(spec, manager, 1); ResNetModel b = ResNetModel.create(spec, manager, 2)) {
            Checkpoint.save(f, Checkpoint.newHeader(spec).put("epochsDone", 4), a, null);
            Checkpoint ck = Checkpoint.load(f);
            assertThat(ck.spec()).isEqualTo(spec);
            assertThat(ck.epochsDone()).isEqualTo(4);
            ck.loadInto(b);
            NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(2, 1, 8, 8));
            assertThat(b.forward(x, false).toFloatArray()).containsExactly(a.forward(x, false).toFloatArray());
        }
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.load(f)).hasMessageContaining("truncated");
        // Cut inside the first tensor, the file is shorter than that tensor alone: still said to be truncated.
        Files.write(f, java.util.Arrays.copyOf(bytes, 600));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.load(f)).hasMessageContaining("truncated");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.load(dir)).hasMessage(dir
                + ": is a folder; give a checkpoint file in it (best.ckpt or last.ckpt)");
        Files.writeString(f, "hello");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.load(f)).hasMessageContaining("not a Tailor checkpoint");
    }

    @Test
    void klDivergenceIsZeroForEqualLogitsAndMseMatchesHand() {
        try (NDManager s = manager.newSubManager()) {
            NDArray a = s.create(new float[]{1, 2, 3, 0, 0, 1}, new ai.djl.ndarray.types.Shape(2, 3));
            NDArray b = s.create(new float[]{1, 1, 3, 0, 2, 1}, new ai.djl.ndarray.types.Shape(2, 3));
            assertThat(Losses.klDivergence(a, a, 4f).getFloat()).isCloseTo(0f, within(1e-6f));
            assertThat(Losses.mse(a, b).getFloat()).isCloseTo((1f + 4f) / 6f, within(1e-6f));
            // CE of row 0 with label 2: -log softmax = log(e^1+e^2+e^3) - 3
            NDArray y = s.create(new long[]{2, 0});
            double ce0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
            double ce1 = Math.log(2 + Math.E) - 0;
            assertThat(Losses.crossEntropy(a, y).getFloat()).isCloseTo((float) ((ce0 + ce1) / 2), within(1e-5f));
        }
    }
}
