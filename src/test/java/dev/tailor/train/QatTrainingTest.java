package dev.tailor.train;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSplits;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.nn.FakeQuantizer;
import dev.tailor.nn.ResNetModel;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A quantisation-aware run records its plan, and the bit-exact simulation of its checkpoint gives its validation accuracy. */
class QatTrainingTest {
    @SharedManager
    private static NDManager manager;
    @TempDir
    Path dir;

    @Test
    void theSimulationReproducesTheRunsValidationAccuracy() {
        DataSplits data = TrainingTest.small(640);
        NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 8);
        // Narrow enough to saturate, wide enough that the small initial classifier (PyTorch's nn.Linear
        // default) does not collapse to tied logits, which would make every prediction class 0.
        PrecisionPlan plan = PrecisionPlan.uniform(FixedType.of(8, 3).with(Rounding.TRN, Overflow.SAT), PrecisionPlan.Setting.AUTO_ACCUMULATOR)
                .overriddenBy(PrecisionPlan.parse("fc.result: ap_fixed<10,4,AP_TRN,AP_SAT>", "test"));
        TrainConfig cfg = TrainConfig.defaults(dir).withEpochs(3); // 3 x 18 steps: enough to leave chance level
        TrainingLoop.Result r;
        try (ResNetModel m = ResNetModel.create(spec, manager, 2)) {
            m.setFakeQuantizer(new FakeQuantizer(plan));
            r = new TrainingLoop(m, data, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE, TrainingTest.quiet()).run(null);
        }
        Checkpoint ck = Checkpoint.load(dir.resolve(RunDirectory.BEST));
        assertThat(ck.qatPlan(dir)).contains(plan);
        Dataset.Split split = data.train().split(cfg.validationFraction(), cfg.seed());
        QuantizedNetwork q = QuantizedNetwork.of(new DeployedNetwork(ck.spec().graph(), ck.modelWeights())
                .apply(new FoldBatchNorm(), new MergeParallelConvs()), plan);
        FixedPointEvaluation exact = FixedPointEvaluation.of(q, split.validation(), Normalization.of(split.train()),
                new FixedPointEvaluation.Options(64, 0, true));
        assertThat(exact.fastPath()).isFalse();
        assertThat(exact.samples()).isEqualTo(64);
        assertThat(r.bestValTop1()).as("the run measured something").isGreaterThan(0.1);
        assertThat(exact.top1()).isEqualTo(r.bestValTop1());
    }

    /** Frozen statistics stay as the starting network has them through QAT steps; updated ones move. */
    @ParameterizedTest
    @EnumSource(FakeQuantizer.BatchNormStatistics.class)
    void batchNormStatisticsAreFrozenOnlyWhenAsked(FakeQuantizer.BatchNormStatistics statistics) {
        DataSplits data = TrainingTest.small(256);
        NetSpec spec = ModelZoo.build("resnet8", new Shape(3, 16, 16), 10, 8);
        PrecisionPlan plan = PrecisionPlan.uniform(FixedType.of(4, 2).with(Rounding.TRN, Overflow.SAT), PrecisionPlan.Setting.AUTO_ACCUMULATOR);
        TrainConfig cfg = TrainConfig.defaults(dir.resolve(statistics.name())).withEpochs(1).withMaxStepsPerEpoch(3);
        try (ResNetModel m = ResNetModel.create(spec, manager, 2)) {
            dev.tailor.net.Weights before = m.weights();
            m.setFakeQuantizer(new FakeQuantizer(plan, statistics));
            new TrainingLoop(m, data, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE, TrainingTest.quiet()).run(null);
            dev.tailor.net.Weights after = m.weights();
            List<String> running = before.names().stream().filter(n -> n.endsWith(".runningMean") || n.endsWith(".runningVar")).toList();
            assertThat(running).hasSize(2 * 9);
            List<String> moved = running.stream().filter(n -> !java.util.Arrays.equals(before.get(n).values(), after.get(n).values())).toList();
            assertThat(before.get("stem.conv.weight").values()).as("the weights trained").isNotEqualTo(after.get("stem.conv.weight").values());
            if (statistics == FakeQuantizer.BatchNormStatistics.FROZEN) {
                assertThat(moved).isEmpty();
            } else {
                assertThat(moved).containsExactlyInAnyOrderElementsOf(running);
            }
        }
    }
}
