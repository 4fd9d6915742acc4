package dev.tailor.cli;

import dev.tailor.data.Augmentation;
import dev.tailor.data.DataSplits;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.net.SkipMode;
import dev.tailor.report.ExperimentReport;
import dev.tailor.tailor.Arm;
import dev.tailor.tailor.ArmResult;
import dev.tailor.tailor.Experiment;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Progress;
import dev.tailor.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Teachers plus the ablation arms, with one comparison table. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train the teacher(s) and run the ablation arms: from scratch, KD with all skips altered at once,",
                "and Tailor (gradual + KD), for SkipRemover and/or SkipShortener. Writes results.md/.json (accuracy and",
                "hardware estimates side by side). Re-running the same command continues a stopped experiment.",
                "Example: tailor experiment --model resnet8 --dataset fashion-mnist --teacher-epochs 10 --alter-epochs 10 --every 2"})
public final class ExperimentCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "resnet8", description = "Model from the zoo. Default: ${DEFAULT-VALUE}.")
    String model;
    @Option(names = "--width", defaultValue = "0", description = "First-stage channels (0: family default).")
    int width;
    @Mixin
    DataOptions data;
    @Option(names = "--targets", defaultValue = "remove,shorten", split = ",", description = "remove, shorten or both. Default: ${DEFAULT-VALUE}.")
    List<String> targets;
    @Option(names = "--arms", defaultValue = "scratch,kd-all-at-once,tailor", split = ",",
            description = "Arms besides the teachers. Default: ${DEFAULT-VALUE}.")
    List<String> arms;
    @Option(names = "--teacher-epochs", defaultValue = "10", description = "Epochs for teachers and from-scratch arms. Default: ${DEFAULT-VALUE}.")
    int teacherEpochs;
    @Option(names = "--teacher-lr", defaultValue = "0.05", description = "Default: ${DEFAULT-VALUE}.")
    float teacherLr;
    @Option(names = "--alter-epochs", defaultValue = "10", description = "Epochs for the KD arms. Default: ${DEFAULT-VALUE}.")
    int alterEpochs;
    @Option(names = "--alter-lr", defaultValue = "0.01", description = "Default: ${DEFAULT-VALUE}.")
    float alterLr;
    @Option(names = "--schedule", defaultValue = "hold-cosine", description = "LR schedule for every arm: hold-cosine (lr held until the wiring is final, then cosine over the remaining epochs; the same as cosine for arms that alter nothing during training), cosine, step or constant. Default: ${DEFAULT-VALUE}.")
    String schedule;
    @Option(names = "--batch", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--every", defaultValue = "2", description = "Epochs between alterations (Tailor arm). Default: ${DEFAULT-VALUE}.")
    int every;
    @Option(names = "--order", defaultValue = "input-first", description = "Alteration order. Default: ${DEFAULT-VALUE}.")
    String order;
    @Option(names = "--alpha", defaultValue = "0.35", description = "KD weight. Default: ${DEFAULT-VALUE}.")
    float alpha;
    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (0: whole epoch).")
    int maxSteps;
    @Option(names = "--out", defaultValue = "runs/experiment", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() {
        Set<Arm> armSet = EnumSet.noneOf(Arm.class);
        for (String a : arms) {
            armSet.add(Arm.parse(a));
        }
        Set<SkipMode> targetSet = EnumSet.noneOf(SkipMode.class);
        for (String t : targets) {
            targetSet.add(switch (t.trim()) {
                case "remove" -> SkipMode.NONE;
                case "shorten" -> SkipMode.SHORT;
                default -> throw new IllegalArgumentException("--targets takes remove and/or shorten, not '" + t + "'");
            });
        }
        DataSplits splits = data.load(seed);
        run(model, width, splits, targetSet, armSet, teacherEpochs, teacherLr, alterEpochs, alterLr, schedule, batch, every, order,
                alpha, seed, maxSteps, out);
        return 0;
    }

    static List<ArmResult> run(String model, int width, DataSplits splits, Set<SkipMode> targets, Set<Arm> arms, int teacherEpochs,
                               float teacherLr, int alterEpochs, float alterLr, String schedule, int batch, int every, String order,
                               float alpha, long seed, int maxSteps, Path out) {
        TrainConfig teacher = new TrainConfig(teacherEpochs, batch, teacherLr, schedule, 30, 0.1f, 0.9f, 1e-4f, seed, 0.1,
                Augmentation.standard(), out, true, 50, 256, maxSteps);
        TrainConfig alter = new TrainConfig(alterEpochs, batch, alterLr, schedule, 30, 0.1f, 0.9f, 1e-4f, seed, 0.1,
                Augmentation.standard(), out, true, 50, 256, maxSteps);
        teacher.validate();
        alter.validate();
        Experiment.Settings s = new Experiment.Settings(model, width, teacher, alter, every, order, alpha, 0, false, targets, arms, out);
        List<ArmResult> results = new Experiment(s, splits, System.out, Progress.stdoutIsTerminal()).run();
        ExperimentReport.write(results, out, System.out, Checkpoint.JSON, HardwareConfig.reference());
        return results;
    }
}
