package dev.tailor.cli;

import dev.tailor.data.DataSource;
import dev.tailor.data.DataSplits;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.RunFailedException;
import dev.tailor.errors.RunInterruptedException;
import dev.tailor.executor.ExecutorKind;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.Experiment;
import dev.tailor.experiment.ExperimentPlan;
import dev.tailor.experiment.Grid;
import dev.tailor.experiment.GridJob;
import dev.tailor.experiment.GridResults;
import dev.tailor.files.RunLock;
import dev.tailor.files.Json;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.method.AlterationTarget;
import dev.tailor.method.DistillationSettings;
import dev.tailor.net.ModelZoo;
import dev.tailor.report.ExperimentReport;
import dev.tailor.report.HtmlReport;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Teachers plus the ablation arms, with one comparison table. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train the teachers and run the ablation arms side by side.",
                "Arms: from scratch, KD with all skips altered at once, and Tailor (gradual + KD), for SkipRemover and/or "
                + "SkipShortener. Writes results.md/.json (accuracy and hardware estimates side by side). Re-running the same "
                + "command continues a stopped experiment. --seeds runs every arm per seed and adds mean ± sd and paired "
                + "comparisons; the jobs run in worker processes (--workers, --threads-per-worker) or on Slurm (--executor slurm, "
                + "then --collect OUT): docs/experiments.md, docs/cluster.md.",
                "Example: tailor experiment --model resnet8 --dataset fashion-mnist --teacher-epochs 10 --alter-epochs 10 --every 2"})
public final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", defaultValue = "resnet8", completionCandidates = Labels.Models.class, description = "Model from the zoo. Default: ${DEFAULT-VALUE}.")
    String model;
    @Option(names = "--width", defaultValue = "0", description = "First-stage channels (0: family default).")
    int width;
    @Mixin
    DataOptions data;
    @Option(names = "--targets", defaultValue = "remove,shorten", split = ",", completionCandidates = Labels.Targets.class,
            description = "${COMPLETION-CANDIDATES}, comma-separated (remove,shorten: both). Default: ${DEFAULT-VALUE}.")
    List<AlterationTarget> targets;
    @Option(names = "--arms", defaultValue = "scratch,kd-all-at-once,tailor", split = ",", completionCandidates = Labels.Arms.class,
            description = "Arms besides the teachers (which always run): ${COMPLETION-CANDIDATES} (continued: each teacher trained on "
                    + "for --alter-epochs, skips unchanged, the control that compares the students at equal training). Default: ${DEFAULT-VALUE}.")
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
    @Option(names = "--seeds", split = ",", paramLabel = "S,S,...",
            description = "Run every arm once per seed, each seed in OUT/seed-S/, and report mean ± sd and paired comparisons.")
    List<Long> seeds;
    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (0: whole epoch).")
    int maxSteps;
    @Option(names = "--out", defaultValue = "runs/experiment", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--collect", paramLabel = "DIR",
            description = "Only join the results the jobs of the experiment in DIR left (after Slurm ran them) and write its report.")
    Path collect;
    @Mixin
    ExecutorOptions executor;
    @Mixin
    SynthOptions synth;

    @Override
    public Integer call() {
        if (collect != null) {
            report(Grid.read(collect), spec);
            return 0;
        }
        ExperimentPlan.Builder b = ExperimentPlan.builder().model(model).width(width).targets(EnumSet.copyOf(targets))
                .arms(EnumSet.copyOf(arms)).teacherEpochs(teacherEpochs).teacherLr(teacherLr).alterEpochs(alterEpochs).alterLr(alterLr)
                .schedule(schedule).batchSize(batch).every(every).order(order)
                .distillation(DistillationSettings.PAPER.withAlpha(alpha)).maxStepsPerEpoch(maxSteps).out(out);
        ExperimentPlan plan = seeds(b, seed, seeds, spec).build();
        synth.check();
        run(plan, data.source(), executor, spec).ifPresent(ran -> synth.run(ran, out, spec.commandLine().getOut(), spec.commandLine().getErr()));
        return 0;
    }

    /** --seed or --seeds (not both). */
    static ExperimentPlan.Builder seeds(ExperimentPlan.Builder b, long seed, List<Long> seeds, CommandSpec spec) {
        if (seeds == null) {
            return b.seed(seed);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            throw new InvalidInputException("--seed and --seeds: give one of them");
        }
        return b.seeds(seeds);
    }

    /** A grid whose every job has a result, and the results. */
    record Ran(Grid grid, GridResults results) {
    }

    /**
     * Runs a plan's grid with the chosen executor and writes its report; shared with {@code demo}.
     * Every job is checked before any starts: the data loads and the Tailor arm's schedule fits.
     * Empty when the jobs were only submitted (Slurm without --slurm-wait).
     */
    static Optional<Ran> run(ExperimentPlan plan, DataSource source, ExecutorOptions executor, CommandSpec spec) {
        executor.check();
        // Before anything is written. At the family's default input: the data's shape changes the count by a few stem weights.
        // On a cluster this is the submitting machine's memory; the check is for widths no machine holds.
        MemoryFit.requireWeightsFit(ModelZoo.build(plan.model(), plan.width()), "--width " + plan.width());
        new RunDirectory(plan.out()).checkWritable();
        PrintWriter out = spec.commandLine().getOut();
        Console console = new Console(out, Console.stdoutIsTerminal());
        DataSource located = source.located(out);
        DataSplits first = located.load(plan.seeds().get(0), out);
        Experiment.check(plan, first);
        Grid grid = Grid.of(plan, located);
        grid.requireSameSettingsAsExisting();
        try (RunLock lock = RunLock.acquire(plan.out(), "tailor " + spec.name())) {
            grid.requireSameSettingsAsExisting(); // again, now that no other process can write it
            // Only a run that will start is recorded: a refused command adds no "how it was made" entry.
            RunRecords.append(spec, plan.out());
            grid.write();
            boolean ran;
            try (Interrupts interrupts = Interrupts.onStopSignal(spec.commandLine().getErr(), executor.executor == ExecutorKind.LOCAL
                    ? "stopping: no further job starts, and each running job is sent SIGTERM to save a checkpoint and exit"
                    : Interrupts.SAVE_AFTER_STEP)) {
                ran = new GridRunner(grid, executor, console, interrupts.request()).run(first);
                if (interrupts.request().isRequested()) {
                    throw new RunInterruptedException("stopped; every job saved its last epoch: run the same command again to continue");
                }
            }
            return ran ? Optional.of(new Ran(grid, report(grid, spec))) : Optional.empty();
        }
    }

    /** Joins the results the grid's jobs left and writes the report; a job without a result fails the command after it. */
    static GridResults report(Grid grid, CommandSpec spec) {
        Console console = new Console(spec.commandLine().getOut(), Console.stdoutIsTerminal());
        GridResults r = GridResults.collect(grid);
        List<String> missing = r.missing().stream().map(j -> j.title() + ": no result in " + grid.dir(j)).toList();
        ExperimentReport.write(r.results(), missing, grid.plan().out(), console, Json.MAPPER, HardwareConfig.reference());
        HtmlReport.Written page = ReportCommand.write(List.of(grid.plan().out()), grid.plan().out().resolve("report.html"),
                spec.commandLine().getErr());
        console.println("report: " + page.html() + " (and " + page.markdown().getFileName() + ")");
        if (!r.complete()) {
            throw new RunFailedException(r.missing().size() + " of " + grid.jobs().size() + " jobs left no result ("
                    + firstKeys(r.missing()) + "); their logs are in "
                    + grid.plan().out().resolve(GridRunner.LOGS_DIR) + "; run the same command again to retry them");
        }
        return r;
    }

    /** The first few keys, so that a grid of hundreds of jobs still gets a one-line error (results.md lists them all). */
    private static String firstKeys(List<GridJob> jobs) {
        int shown = 5;
        String keys = jobs.stream().limit(shown).map(GridJob::key).collect(Collectors.joining(", "));
        return jobs.size() <= shown ? keys : keys + " and " + (jobs.size() - shown) + " more, listed in results.md";
    }
}
