package dev.tailor.train;

import dev.tailor.data.Augmentation;

import java.nio.file.Path;

/**
 * How to train. Defaults follow method.md's CIFAR recipe (SGD Nesterov 0.9, wd 1e-4, lr 0.1, x0.1
 * every 30 epochs, batch 32).
 *
 * @param recalibrationBatches batches of BN-statistics recalibration after a rewiring (0: none)
 */
public record TrainConfig(int epochs, int batchSize, float lr, String schedule, int stepEvery, float gamma,
                          float momentum, float weightDecay, long seed, double validationFraction,
                          Augmentation augmentation, Path outDir, boolean resume, int recalibrationBatches,
                          int evalBatchSize, int maxStepsPerEpoch) {

    public static TrainConfig defaults(Path outDir) {
        return new TrainConfig(200, 32, 0.1f, "step", 30, 0.1f, 0.9f, 1e-4f, 42, 0.1,
                Augmentation.standard(), outDir, false, 50, 256, 0);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, lr, schedule, stepEvery, gamma, momentum, weightDecay, seed, validationFraction,
                augmentation, outDir, resume, recalibrationBatches, evalBatchSize, maxStepsPerEpoch);
    }

    public TrainConfig withOutDir(Path dir) {
        return new TrainConfig(epochs, batchSize, lr, schedule, stepEvery, gamma, momentum, weightDecay, seed, validationFraction,
                augmentation, dir, resume, recalibrationBatches, evalBatchSize, maxStepsPerEpoch);
    }

    public TrainConfig withResume(boolean r) {
        return new TrainConfig(epochs, batchSize, lr, schedule, stepEvery, gamma, momentum, weightDecay, seed, validationFraction,
                augmentation, outDir, r, recalibrationBatches, evalBatchSize, maxStepsPerEpoch);
    }

    public TrainConfig withMaxStepsPerEpoch(int s) {
        return new TrainConfig(epochs, batchSize, lr, schedule, stepEvery, gamma, momentum, weightDecay, seed, validationFraction,
                augmentation, outDir, resume, recalibrationBatches, evalBatchSize, s);
    }

    public void validate() {
        if (epochs <= 0) {
            throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch must be positive, got " + batchSize);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + lr);
        }
    }

    /** @param finalWiringFrom first epoch that trains the final wiring (hold-cosine holds lr until then) */
    public LrSchedule lrSchedule(int finalWiringFrom) {
        return LrSchedule.parse(schedule, lr, epochs, stepEvery, gamma, finalWiringFrom);
    }
}
