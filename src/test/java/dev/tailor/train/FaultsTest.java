package dev.tailor.train;

import ai.djl.ndarray.NDManager;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.RunFailedException;
import dev.tailor.errors.RunInterruptedException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.nn.ResNetModel;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a run does when something goes wrong: damaged files, a stop request, a diverging loss, a crash mid-run. */
class FaultsTest {
    @SharedManager
    private static NDManager manager;
    private static final NetSpec SPEC = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 16);
    @TempDir
    Path dir;

    private static TrainConfig config(Path out, int epochs) {
        return TrainConfig.defaults(out).toBuilder().epochs(epochs).maxStepsPerEpoch(6).lr(0.05f).build();
    }

    private static Map<String, float[]> weights(ResNetModel m) {
        return m.namedParameters().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getArray().toFloatArray()));
    }

    /** Trains SPEC from seed 3 with the given objective and listener; returns the final weights. */
    private Map<String, float[]> train(TrainConfig cfg, Objective objective, EpochListener listener, StopRequest stop) {
        try (ResNetModel m = ResNetModel.create(SPEC, manager, 3)) {
            new TrainingLoop(m, TrainingTest.small(512), cfg, objective, listener, Console.quiet()).stopWhen(stop).run(null);
            return weights(m);
        }
    }

    @Test
    void flippedBytesInTheWeightsAreRefused() throws IOException {
        Path f = dir.resolve("m.ckpt");
        try (ResNetModel m = ResNetModel.create(SPEC, manager, 1)) {
            Checkpoint.save(f, Checkpoint.newHeader(SPEC), m, null);
        }
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 200] ^= 0x5a;
        Files.write(f, bytes);
        assertThatThrownBy(() -> Checkpoint.load(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining("is damaged (checksum mismatch)");
    }

    @Test
    void aGarbledHeaderIsOneLineNamingTheFile() throws IOException {
        Path f = dir.resolve("m.ckpt");
        try (ResNetModel m = ResNetModel.create(SPEC, manager, 1)) {
            Checkpoint.save(f, Checkpoint.newHeader(SPEC), m, null);
        }
        byte[] bytes = Files.readAllBytes(f);
        for (int i = 20; i < 40; i++) {
            bytes[i] = '#';
        }
        Files.write(f, bytes);
        assertThatThrownBy(() -> Checkpoint.load(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining("damaged header")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aCorruptMetricsFileIsOneLineNamingTheFile() throws IOException {
        Path f = dir.resolve(RunDirectory.METRICS);
        Files.writeString(f, "\n{\"epoch\": 1, \"trainLoss\": \n");
        assertThatThrownBy(() -> MetricsFile.read(f, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + " line 2: unreadable metrics: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Source"));
        // A corrupt line past the epochs asked for is not read.
        assertThat(MetricsFile.read(f, 0)).isEmpty();
    }

    @Test
    void aCheckpointForAnotherShapeIsRefusedByShape() {
        Path f = dir.resolve("m.ckpt");
        NetSpec wider = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 32);
        try (ResNetModel a = ResNetModel.create(wider, manager, 1); ResNetModel b = ResNetModel.create(SPEC, manager, 1)) {
            Checkpoint.save(f, Checkpoint.newHeader(wider), a, null);
            assertThatThrownBy(() -> Checkpoint.load(f).loadInto(b)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("has shape [32, 3, 3, 3], the model expects [16, 3, 3, 3]");
        }
    }

    /** A damaged last.ckpt costs one epoch: resume falls back to previous.ckpt, says so, and ends where a straight run ends. */
    @Test
    void resumeFallsBackToThePreviousCheckpoint() throws IOException {
        Map<String, float[]> straight = train(config(dir.resolve("straight"), 3), Objective.CROSS_ENTROPY, EpochListener.NONE,
                new StopRequest());
        Path out = dir.resolve("damaged");
        train(config(out, 2), Objective.CROSS_ENTROPY, EpochListener.NONE, new StopRequest());
        assertThat(out.resolve(RunDirectory.PREVIOUS)).exists();
        byte[] bytes = Files.readAllBytes(out.resolve(RunDirectory.LAST));
        bytes[bytes.length / 2] ^= 1;
        Files.write(out.resolve(RunDirectory.LAST), bytes);

        StringWriter log = new StringWriter();
        try (ResNetModel m = ResNetModel.create(SPEC, manager, 99)) {
            TrainingLoop.Result r = new TrainingLoop(m, TrainingTest.small(512), config(out, 3).withResume(true), Objective.CROSS_ENTROPY,
                    EpochListener.NONE, new Console(new PrintWriter(log), false)).run(null);
            assertThat(log.toString()).contains("checksum mismatch", "resuming from " + out.resolve(RunDirectory.PREVIOUS), "after epoch 1");
            assertThat(r.history()).hasSize(3);
            assertThat(weights(m)).usingRecursiveComparison().isEqualTo(straight);
        }
    }

    /** Ctrl-C: the loop finishes the step, saves mid-epoch, stops; a resume continues from that step, bit for bit. */
    @Test
    void aStopMidEpochSavesAndResumesExactly() {
        Map<String, float[]> straight = train(config(dir.resolve("straight"), 2), Objective.CROSS_ENTROPY, EpochListener.NONE,
                new StopRequest());
        Path out = dir.resolve("stopped");
        StopRequest stop = new StopRequest();
        AtomicInteger steps = new AtomicInteger();
        Objective stopAtNinthStep = images -> {
            if (steps.incrementAndGet() == 9) {
                stop.request();
            }
            return Objective.CROSS_ENTROPY.forBatch(images);
        };
        assertThatThrownBy(() -> train(config(out, 2), stopAtNinthStep, EpochListener.NONE, stop))
                .isInstanceOf(RunInterruptedException.class).hasMessageContaining("after epoch 1 and 3 steps of epoch 2");
        Checkpoint saved = Checkpoint.load(out.resolve(RunDirectory.LAST));
        assertThat(saved.epochsDone()).isEqualTo(1);
        assertThat(saved.header().path("stepsDone").asInt()).isEqualTo(3);
        try (ResNetModel m = ResNetModel.create(SPEC, manager, 99)) {
            TrainingLoop.Result r = new TrainingLoop(m, TrainingTest.small(512), config(out, 2).withResume(true), Objective.CROSS_ENTROPY,
                    EpochListener.NONE, Console.quiet()).run(null);
            assertThat(r.history()).hasSize(2);
            assertThat(weights(m)).usingRecursiveComparison().isEqualTo(straight);
        }
        // The resumed epoch's metrics count all six steps, as the straight run's do.
        assertThat(MetricsFile.read(out.resolve(RunDirectory.METRICS), 2).get(1).trainLoss())
                .isEqualTo(MetricsFile.read(dir.resolve("straight").resolve(RunDirectory.METRICS), 2).get(1).trainLoss());
    }

    @Test
    void aDivergingLossStopsTheRunAndKeepsTheLastGoodEpoch() {
        AtomicInteger steps = new AtomicInteger();
        Objective nanInSecondEpoch = images -> {
            Objective.BatchLoss ce = Objective.CROSS_ENTROPY.forBatch(images);
            boolean poison = steps.incrementAndGet() == 8;
            return (logits, labels) -> poison ? ce.apply(logits, labels).mul(Float.NaN) : ce.apply(logits, labels);
        };
        Path out = dir.resolve("nan");
        assertThatThrownBy(() -> train(config(out, 3), nanInSecondEpoch, EpochListener.NONE, new StopRequest()))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("training diverged: the loss is NaN at epoch 2, step 2")
                .hasMessageContaining("lower learning rate");
        assertThat(Checkpoint.load(out.resolve(RunDirectory.LAST)).epochsDone()).isEqualTo(1);
    }

    /**
     * A crash between an alteration and the checkpoint that would have recorded it (what kill -9
     * at that moment leaves on disk): the resumed run re-applies the alteration and ends exactly
     * where an uninterrupted run ends.
     */
    @Test
    void aCrashRightAfterAnAlterationResumesExactly() {
        EpochListener removeSkip0AfterEpoch1 = new EpochListener() {
            @Override
            public void onResume(ResNetModel model, int epochsDone) {
                if (epochsDone >= 2) {
                    model.setSkip(0, SkipMode.NONE);
                }
            }

            @Override
            public boolean afterEpoch(ResNetModel model, int epoch) {
                if (epoch == 1) {
                    model.setSkip(0, SkipMode.NONE);
                    return true;
                }
                return false;
            }
        };
        TrainConfig cfg = config(dir.resolve("straight"), 3).toBuilder().recalibrationBatches(2).build();
        Map<String, float[]> straight = train(cfg, Objective.CROSS_ENTROPY, removeSkip0AfterEpoch1, new StopRequest());

        Path out = dir.resolve("crashed");
        EpochListener crashing = new EpochListener() {
            @Override
            public boolean afterEpoch(ResNetModel model, int epoch) {
                boolean rewired = removeSkip0AfterEpoch1.afterEpoch(model, epoch);
                if (rewired) {
                    throw new IllegalStateException("simulated crash after the alteration");
                }
                return false;
            }
        };
        assertThatThrownBy(() -> train(cfg.withOutDir(out), Objective.CROSS_ENTROPY, crashing, new StopRequest()))
                .hasMessageContaining("simulated crash");
        assertThat(Checkpoint.load(out.resolve(RunDirectory.LAST)).spec().skips()).containsOnly(SkipMode.LONG);
        try (ResNetModel m = ResNetModel.create(SPEC, manager, 99)) {
            TrainingLoop.Result r = new TrainingLoop(m, TrainingTest.small(512), cfg.withOutDir(out).withResume(true),
                    Objective.CROSS_ENTROPY, removeSkip0AfterEpoch1, Console.quiet()).run(null);
            assertThat(r.history()).extracting(EpochMetrics::skips).containsExactly("long,long,long", "none,long,long", "none,long,long");
            assertThat(weights(m)).usingRecursiveComparison().isEqualTo(straight);
        }
    }

    @Test
    void anUnwritableOutputFolderIsFoundBeforeAnyWork() throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        AtomicInteger steps = new AtomicInteger();
        Objective counting = images -> {
            steps.incrementAndGet();
            return Objective.CROSS_ENTROPY.forBatch(images);
        };
        assertThatThrownBy(() -> train(config(file.resolve("run"), 1), counting, EpochListener.NONE, new StopRequest()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot write the run's output folder");
        assertThat(steps.get()).isZero();
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path f = dir.resolve("kept.txt");
        AtomicFiles.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("No space left on device");
        })).hasMessageContaining("cannot write " + f).hasMessageContaining("No space left on device");
        assertThat(Files.readString(f)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("kept.txt");
        }
    }

    @Test
    void aMissingLastCheckpointAfterAFailedSaveResumesFromThePreviousOne() throws IOException {
        Path out = dir.resolve("run");
        train(config(out, 2), Objective.CROSS_ENTROPY, EpochListener.NONE, new StopRequest());
        // What a full disk during the save leaves: last.ckpt moved aside to previous.ckpt, no new one.
        Files.move(out.resolve(RunDirectory.LAST), out.resolve(RunDirectory.PREVIOUS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        StringWriter log = new StringWriter();
        Checkpoint ck = new RunDirectory(out).resumePoint(new Console(new PrintWriter(log), false)).orElseThrow();
        assertThat(ck.epochsDone()).isEqualTo(2);
        assertThat(log.toString()).contains("resuming from " + out.resolve(RunDirectory.PREVIOUS));
        assertThat(List.of(ck.file())).containsExactly(out.resolve(RunDirectory.PREVIOUS));
    }
}
