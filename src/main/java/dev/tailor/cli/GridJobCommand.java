package dev.tailor.cli;

import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.Experiment;
import dev.tailor.experiment.Grid;
import dev.tailor.experiment.GridJob;
import dev.tailor.train.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** One job of an experiment's grid, in this process: what a worker process or a Slurm task runs. */
@Command(name = "grid-job", mixinStandardHelpOptions = true,
        description = {"Run one job of an experiment (one arm, one target, one seed) from the experiment's grid.json.",
                "tailor experiment starts these itself, in worker processes or as Slurm tasks (docs/experiments.md);",
                "run one by hand to retry or debug a job. A finished job is read back, an unfinished one resumes.",
                "Example: tailor grid-job --grid runs/experiment --job seed-2/tailor-remove"})
public final class GridJobCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--grid", required = true, paramLabel = "DIR", description = "The experiment's output folder (it holds grid.json).")
    Path dir;
    @Option(names = "--job", required = true, paramLabel = "KEY", description = "The job's folder under DIR, e.g. seed-2/tailor-remove.")
    String key;

    @Override
    public Integer call() {
        Grid grid = Grid.read(dir);
        GridJob job = grid.job(key);
        Console console = new Console(spec.commandLine().getOut(), Console.stdoutIsTerminal());
        var data = grid.data().load(job.seed(), spec.commandLine().getOut());
        ArmResult r;
        try (Interrupts interrupts = Interrupts.onStopSignal(spec.commandLine().getErr())) {
            r = new Experiment(grid, data, console, interrupts.request()).run(job);
        }
        console.println(String.format(Locale.ROOT, "%s: test top-1 %.4f, top-5 %.4f (%s)", job.title(), r.top1(), r.top5(), grid.dir(job)));
        return 0;
    }
}
