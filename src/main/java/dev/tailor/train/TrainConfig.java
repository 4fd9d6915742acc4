package dev.tailor.train;

import dev.tailor.data.Augmentation;
import dev.tailor.errors.InvalidSettingException;

import java.nio.file.Path;

/**
 * How to train. {@link #defaults} follows the paper's CIFAR recipe (docs/method.md: SGD Nesterov 0.9,
 * wd 1e-4, lr 0.1, x0.1 every 30 epochs, batch 32, 200 epochs); change it with {@link #toBuilder()}.
 *
 * @param recalibrationBatches batches of BN-statistics recalibration after a rewiring (0: none)
 * @param maxStepsPerEpoch     cap on steps per epoch for quick trials (0: whole epochs)
 */
public record TrainConfig(int epochs, int batchSize, float lr, ScheduleKind schedule, int stepEvery, float gamma,
                          float momentum, float weightDecay, long seed, double validationFraction,
                          Augmentation augmentation, Path outDir, boolean resume, int recalibrationBatches,
                          int evalBatchSize, int maxStepsPerEpoch) {

    public static TrainConfig defaults(Path outDir) {
        return new Builder().outDir(outDir).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public TrainConfig withEpochs(int e) {
        return toBuilder().epochs(e).build();
    }

    public TrainConfig withOutDir(Path dir) {
        return toBuilder().outDir(dir).build();
    }

    public TrainConfig withResume(boolean r) {
        return toBuilder().resume(r).build();
    }

    public TrainConfig withMaxStepsPerEpoch(int s) {
        return toBuilder().maxStepsPerEpoch(s).build();
    }

    /** Refuses values no run can use, naming the option. */
    public void validate() {
        if (epochs <= 0) {
            throw new InvalidSettingException("epochs", "must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new InvalidSettingException("batch", "must be positive, got " + batchSize);
        }
        if (!(lr > 0)) {
            throw new InvalidSettingException("lr", "must be positive, got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidSettingException("momentum", "must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new InvalidSettingException("weight-decay", "must be 0 or more, got " + weightDecay);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new InvalidSettingException("gamma", "must be in (0, 1], got " + gamma);
        }
        if (stepEvery <= 0) {
            throw new InvalidSettingException("step-every", "must be positive, got " + stepEvery);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidSettingException("val-fraction", "must be in [0, 1), got " + validationFraction);
        }
        if (recalibrationBatches < 0) {
            throw new InvalidSettingException("recalibrate", "must be 0 or more, got " + recalibrationBatches);
        }
        if (maxStepsPerEpoch < 0) {
            throw new InvalidSettingException("max-steps", "must be 0 or more, got " + maxStepsPerEpoch);
        }
        if (augmentation.pad() < 0) {
            throw new InvalidSettingException("pad", "must be 0 or more, got " + augmentation.pad());
        }
    }

    /** @param finalWiringFrom first epoch that trains the final wiring (hold-cosine holds lr until then) */
    public LrSchedule lrSchedule(int finalWiringFrom) {
        return LrSchedule.of(schedule, lr, epochs, stepEvery, gamma, finalWiringFrom);
    }

    /** Named settings, starting from the paper's recipe. */
    public static final class Builder {
        private int epochs = 200;
        private int batchSize = 32;
        private float lr = 0.1f;
        private ScheduleKind schedule = ScheduleKind.STEP;
        private int stepEvery = 30;
        private float gamma = 0.1f;
        private float momentum = 0.9f;
        private float weightDecay = 1e-4f;
        private long seed = 42;
        private double validationFraction = 0.1;
        private Augmentation augmentation = Augmentation.standard();
        private Path outDir = Path.of("runs", "train");
        private boolean resume;
        private int recalibrationBatches = 50;
        private int evalBatchSize = 256;
        private int maxStepsPerEpoch;

        public Builder() {
        }

        Builder(TrainConfig c) {
            epochs = c.epochs;
            batchSize = c.batchSize;
            lr = c.lr;
            schedule = c.schedule;
            stepEvery = c.stepEvery;
            gamma = c.gamma;
            momentum = c.momentum;
            weightDecay = c.weightDecay;
            seed = c.seed;
            validationFraction = c.validationFraction;
            augmentation = c.augmentation;
            outDir = c.outDir;
            resume = c.resume;
            recalibrationBatches = c.recalibrationBatches;
            evalBatchSize = c.evalBatchSize;
            maxStepsPerEpoch = c.maxStepsPerEpoch;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder lr(float v) {
            lr = v;
            return this;
        }

        public Builder schedule(ScheduleKind v) {
            schedule = v;
            return this;
        }

        public Builder stepEvery(int v) {
            stepEvery = v;
            return this;
        }

        public Builder gamma(float v) {
            gamma = v;
            return this;
        }

        public Builder momentum(float v) {
            momentum = v;
            return this;
        }

        public Builder weightDecay(float v) {
            weightDecay = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder validationFraction(double v) {
            validationFraction = v;
            return this;
        }

        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        public Builder outDir(Path v) {
            outDir = v;
            return this;
        }

        public Builder resume(boolean v) {
            resume = v;
            return this;
        }

        public Builder recalibrationBatches(int v) {
            recalibrationBatches = v;
            return this;
        }

        public Builder evalBatchSize(int v) {
            evalBatchSize = v;
            return this;
        }

        public Builder maxStepsPerEpoch(int v) {
            maxStepsPerEpoch = v;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, lr, schedule, stepEvery, gamma, momentum, weightDecay, seed, validationFraction,
                    augmentation, outDir, resume, recalibrationBatches, evalBatchSize, maxStepsPerEpoch);
        }
    }
}
