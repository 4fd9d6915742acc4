package dev.tailor.cli;

import dev.tailor.data.Augmentation;
import dev.tailor.train.ScheduleKind;
import dev.tailor.train.TrainConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Optimisation and bookkeeping options shared by train and alter. */
public final class TrainOptions {
    @Option(names = "--epochs", defaultValue = "30", description = "Epochs to train. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", description = "Initial learning rate. Default: ${DEFAULT-VALUE}.")
    float lr;

    @Option(names = "--schedule", defaultValue = "step", completionCandidates = Labels.Schedules.class,
            description = "${COMPLETION-CANDIDATES} (hold-cosine, for alter: lr held until the last alteration, then cosine over the fine-tuning epochs). Default: ${DEFAULT-VALUE}.")
    ScheduleKind schedule;

    @Option(names = "--step-every", defaultValue = "30", description = "Epochs between x0.1 steps of the step schedule. Default: ${DEFAULT-VALUE}.")
    int stepEvery;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Nesterov momentum. Default: ${DEFAULT-VALUE}.")
    float momentum;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "L2 weight decay. Default: ${DEFAULT-VALUE}.")
    float weightDecay;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights, data order and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--val-fraction", defaultValue = "0.1", description = "Part of the training set held out for validation. Default: ${DEFAULT-VALUE}.")
    double valFraction;

    @Option(names = "--pad", defaultValue = "4", description = "Random-crop padding in pixels (0: no crop). Default: ${DEFAULT-VALUE}.")
    int pad;

    @Option(names = "--no-flip", description = "No random horizontal flips (use for digits).")
    boolean noFlip;

    @Option(names = "--recalibrate", defaultValue = "50", description = "Batches of BN-statistics recalibration after each rewiring. Default: ${DEFAULT-VALUE}.")
    int recalibrate;

    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (0: whole epoch); for quick trials.")
    int maxSteps;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder for checkpoints and metrics. Default: runs/<command>.")
    Path out;

    @Option(names = "--resume", description = "Continue from DIR/last.ckpt if it exists (or previous.ckpt if last.ckpt is damaged).")
    boolean resume;

    /** The options as a validated config; {@code defaultOut} when --out is not given. */
    TrainConfig config(Path defaultOut) {
        TrainConfig cfg = new TrainConfig.Builder().epochs(epochs).batchSize(batch).lr(lr).schedule(schedule).stepEvery(stepEvery)
                .momentum(momentum).weightDecay(weightDecay).seed(seed).validationFraction(valFraction)
                .augmentation(new Augmentation(pad, !noFlip)).outDir(out == null ? defaultOut : out).resume(resume)
                .recalibrationBatches(recalibrate).maxStepsPerEpoch(maxSteps).build();
        cfg.validate();
        return cfg;
    }
}
