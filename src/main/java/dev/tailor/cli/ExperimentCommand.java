package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.Experiment;
import dev.tailor.experiment.ExperimentPlan;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.method.AlterationTarget;
import dev.tailor.method.DistillationSettings;
import dev.tailor.report.ExperimentReport;
import dev.tailor.report.HtmlReport;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Console;
import dev.tailor.train.RunDirectory;
import dev.tailor.train.ScheduleKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

/** Teachers plus the ablation arms, with one comparison table. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train the teachers and run the ablation arms side by side.",
                "Arms: from scratch, KD with all skips altered at once, and Tailor (gradual + KD), for SkipRemover and/or "
                + "SkipShortener. Writes results.md/.json (accuracy and hardware estimates side by side). Re-running the same "
                + "command continues a stopped experiment.",
                "Example: tailor experiment --model resnet8 --dataset fashion-mnist --teacher-epochs 10 --alter-epochs 10 --every 2"})
public final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", defaultValue = "resnet8", description = "Model from the zoo. Default: ${DEFAULT-VALUE}.")
    String model;
    @Option(names = "--width", defaultValue = "0", description = "First-stage channels (0: family default).")
    int width;
    @Mixin
    DataOptions data;
    @Option(names = "--targets", defaultValue = "remove,shorten", split = ",", completionCandidates = Labels.Targets.class,
            description = "${COMPLETION-CANDIDATES}, or both. Default: ${DEFAULT-VALUE}.")
    List<AlterationTarget> targets;
    @Option(names = "--arms", defaultValue = "scratch,kd-all-at-once,tailor", split = ",", completionCandidates = Labels.Arms.class,
            description = "Arms besides the teachers (which always run): ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    List<Arm> arms;
    @Option(names = "--teacher-epochs", defaultValue = "10", description = "Epochs for teachers and from-scratch arms. Default: ${DEFAULT-VALUE}.")
    int teacherEpochs;
    @Option(names = "--teacher-lr", defaultValue = "0.05", description = "Learning rate of teachers and from-scratch arms. Default: ${DEFAULT-VALUE}.")
    float teacherLr;
    @Option(names = "--alter-epochs", defaultValue = "10", description = "Epochs for the KD arms. Default: ${DEFAULT-VALUE}.")
    int alterEpochs;
    @Option(names = "--alter-lr", defaultValue = "0.01", description = "Learning rate of the KD arms. Default: ${DEFAULT-VALUE}.")
    float alterLr;
    @Option(names = "--schedule", defaultValue = "hold-cosine", completionCandidates = Labels.Schedules.class,
            description = "LR schedule for every arm, ${COMPLETION-CANDIDATES}: hold-cosine holds the lr until the wiring is final, then "
                    + "runs a cosine over the remaining epochs (plain cosine for arms that alter nothing during training). Default: ${DEFAULT-VALUE}.")
    ScheduleKind schedule;
    @Option(names = "--batch", defaultValue = "32", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--every", defaultValue = "2", description = "Epochs between alterations (Tailor arm). Default: ${DEFAULT-VALUE}.")
    int every;
    @Option(names = "--order", defaultValue = "input-first", description = "Alteration order of the Tailor arm. Default: ${DEFAULT-VALUE}.")
    String order;
    @Option(names = "--alpha", defaultValue = "0.35", description = "KD weight. Default: ${DEFAULT-VALUE}.")
    float alpha;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights, data order and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (0: whole epoch).")
    int maxSteps;
    @Option(names = "--out", defaultValue = "runs/experiment", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() {
        ExperimentPlan plan = ExperimentPlan.builder().model(model).width(width).targets(EnumSet.copyOf(targets))
                .arms(EnumSet.copyOf(arms)).teacherEpochs(teacherEpochs).teacherLr(teacherLr).alterEpochs(alterEpochs).alterLr(alterLr)
                .schedule(schedule).batchSize(batch).every(every).order(order)
                .distillation(DistillationSettings.PAPER.withAlpha(alpha)).seed(seed).maxStepsPerEpoch(maxSteps).out(out).build();
        run(plan, data.load(seed, spec.commandLine().getErr()), spec);
        return 0;
    }

    /** Runs a plan and writes its report; shared with {@code demo}. */
    static List<ArmResult> run(ExperimentPlan plan, DataSplits splits, CommandSpec spec) {
        new RunDirectory(plan.out()).checkWritable();
        RunRecords.append(spec, plan.out());
        PrintWriter out = spec.commandLine().getOut();
        Console console = new Console(out, Console.stdoutIsTerminal());
        List<ArmResult> results = new Experiment(plan, splits, console, Interrupts.onStopSignal(spec.commandLine().getErr())).run();
        ExperimentReport.write(results, plan.out(), console, Checkpoint.JSON, HardwareConfig.reference());
        HtmlReport.Written page = ReportCommand.write(List.of(plan.out()), plan.out().resolve("report.html"), spec.commandLine().getErr());
        console.println("report: " + page.html() + " (and " + page.markdown().getFileName() + ")");
        return results;
    }
}
