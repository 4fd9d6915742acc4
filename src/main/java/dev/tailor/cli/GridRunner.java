package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.RunInterruptedException;
import dev.tailor.executor.LocalPool;
import dev.tailor.executor.PoolListener;
import dev.tailor.executor.SlurmArray;
import dev.tailor.executor.Task;
import dev.tailor.executor.TaskOutcome;
import dev.tailor.experiment.Experiment;
import dev.tailor.experiment.Grid;
import dev.tailor.experiment.GridJob;
import dev.tailor.files.AtomicFiles;
import dev.tailor.train.Console;
import dev.tailor.train.StopRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the unfinished jobs of a grid with the chosen executor (docs/experiments.md, "Running the
 * grid"): each job is {@code tailor grid-job --grid OUT --job KEY}, its output in
 * {@code OUT/logs/KEY.log}; a student waits for its teacher's job unless that one has finished.
 */
final class GridRunner {
    /** Where Slurm's script, its own output files and the submitted job ids go. */
    static final String SLURM_DIR = "slurm";
    static final String LOGS_DIR = "logs";

    private final Grid grid;
    private final ExecutorOptions options;
    private final Console console;
    private final StopRequest stop;

    GridRunner(Grid grid, ExecutorOptions options, Console console, StopRequest stop) {
        this.grid = grid;
        this.options = options;
        this.console = console;
        this.stop = stop;
    }

    /** Runs the jobs; false when they were only submitted (Slurm without --slurm-wait) and results come later. */
    boolean run(DataSplits firstSeedData) {
        List<GridJob> todo = new ArrayList<>();
        for (GridJob job : grid.jobs()) {
            Experiment.finished(grid, job).ifPresentOrElse(
                    r -> console.println(job.title() + ": already finished in " + grid.dir(job) + " (top-1 " + top1(r.top1()) + ")"),
                    () -> todo.add(job));
        }
        if (todo.isEmpty()) {
            return true;
        }
        switch (options.executor) {
            case IN_PROCESS -> inProcess(todo, firstSeedData);
            case LOCAL -> local(todo);
            case SLURM -> {
                return slurm(todo);
            }
        }
        return true;
    }

    private List<Task> tasks(List<GridJob> todo) {
        Set<String> pending = todo.stream().map(GridJob::key).collect(Collectors.toSet());
        Path out = grid.plan().out().toAbsolutePath();
        return todo.stream().map(j -> new Task(j.key(), j.title(), List.of("grid-job", "--grid", out.toString(), "--job", j.key()),
                j.needsTeacher() && pending.contains(j.teacher()) ? List.of(j.teacher()) : List.of(), log(j))).toList();
    }

    private Path log(GridJob job) {
        return grid.plan().out().toAbsolutePath().resolve(LOGS_DIR).resolve(job.key().replace('/', '_') + ".log");
    }

    private void inProcess(List<GridJob> todo, DataSplits firstSeedData) {
        Map<Long, DataSplits> data = new HashMap<>(Map.of(grid.plan().seeds().get(0), firstSeedData));
        for (GridJob job : todo) {
            DataSplits d = data.computeIfAbsent(job.seed(), s -> grid.data().load(s, console.out()));
            new Experiment(grid, d, console, stop).run(job);
        }
    }

    private void local(List<GridJob> todo) {
        int workers = options.workers();
        console.println(String.format(Locale.ROOT, "running %d job%s: %d worker process%s, %d engine thread%s each; logs in %s", todo.size(),
                todo.size() == 1 ? "" : "s", workers, workers == 1 ? "" : "es", options.threads(), options.threads() == 1 ? "" : "s",
                grid.plan().out().resolve(LOGS_DIR)));
        Map<String, TaskOutcome> outcomes = new LocalPool(workers, options.retryPolicy(), options.workerCommand(), new Progress(workers == 1),
                stop::isRequested).run(tasks(todo));
        if (stop.isRequested()) {
            throw new RunInterruptedException(stopped(outcomes));
        }
    }

    /**
     * The one line after a stop: the jobs that were running (each was sent SIGTERM and saved a
     * checkpoint, or was killed when it did not exit in time) and how many never started.
     */
    static String stopped(Map<String, TaskOutcome> outcomes) {
        List<String> saved = new ArrayList<>();
        List<String> other = new ArrayList<>();
        int notStarted = 0;
        for (Map.Entry<String, TaskOutcome> e : outcomes.entrySet()) {
            TaskOutcome o = e.getValue();
            if (o.status() != TaskOutcome.Status.STOPPED) {
                continue;
            }
            if (o.attempts() == 0) {
                notStarted++;
            } else if (o.exitCode() == TailorCli.INTERRUPTED) {
                saved.add(e.getKey());
            } else {
                other.add(e.getKey() + " " + o.detail());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!saved.isEmpty()) {
            parts.add("interrupted " + String.join(", ", saved) + " (each saved a checkpoint)");
        }
        parts.addAll(other);
        if (saved.isEmpty() && other.isEmpty()) {
            parts.add("no job was running");
        }
        parts.add(notStarted + " job" + (notStarted == 1 ? "" : "s") + " not started");
        return "stopped: " + String.join("; ", parts) + "; run the same command again to resume";
    }

    /** Submits; waits only with --slurm-wait. */
    private boolean slurm(List<GridJob> todo) {
        SlurmArray.requireSbatch();
        Path dir = grid.plan().out().toAbsolutePath().resolve(SLURM_DIR);
        refuseWhileQueued(dir.resolve("jobs"));
        SlurmArray array = new SlurmArray(options.slurm("tailor-" + grid.plan().model()), options.retryPolicy(), options.workerCommand());
        SlurmArray.Submission s = array.submit(tasks(todo), dir.resolve("grid.sbatch"), dir);
        AtomicFiles.writeString(dir.resolve("jobs"), s.jobId() + "\n");
        console.println("submitted " + s.tasks() + " task" + (s.tasks() == 1 ? "" : "s") + " as Slurm job array " + s.jobId() + " (script "
                + s.script() + "; logs in " + grid.plan().out().resolve(LOGS_DIR) + ")");
        if (!options.slurmWait) {
            console.println("when they are done: tailor experiment --collect " + grid.plan().out());
            return false;
        }
        if (!SlurmArray.waitFor(s, options.pollSeconds * 1000L, stop::isRequested, console::println)) {
            console.println("stopped waiting; the Slurm jobs go on. When they are done: tailor experiment --collect " + grid.plan().out());
            return false;
        }
        return true;
    }

    /** Two submissions of one experiment would train the same folders at once. */
    private static void refuseWhileQueued(Path jobsFile) {
        if (!Files.isRegularFile(jobsFile)) {
            return;
        }
        try {
            List<String> ids = Files.readAllLines(jobsFile).stream().map(String::trim).filter(l -> l.matches("\\d+")).toList();
            if (!ids.isEmpty() && SlurmArray.queued(ids)) {
                throw new InvalidInputException("Slurm jobs " + String.join(",", ids) + " of this experiment are still queued or running: "
                        + "wait for them (squeue -j " + String.join(",", ids) + ") or scancel them before submitting again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String top1(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** One line per start and end; with one worker its output too, as if it ran here. */
    private final class Progress implements PoolListener {
        private final boolean echo;

        Progress(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void started(Task task, int attempt, long pid) {
            if (!echo || attempt > 1) {
                console.println("[start] " + task.title() + (attempt > 1 ? " (attempt " + attempt + ")" : "") + ", pid " + pid + " -> " + task.log());
            }
        }

        @Override
        public void output(Task task, String line) {
            if (echo) {
                console.println(line);
            }
        }

        @Override
        public void retrying(Task task, int exitCode, int nextAttempt) {
            console.println("[retry] " + task.title() + ": exit " + exitCode + "; starting attempt " + nextAttempt + " of "
                    + (options.retryPolicy().retries() + 1) + " (it resumes from its last checkpoint)");
        }

        @Override
        public void finished(Task task, TaskOutcome o) {
            switch (o.status()) {
                case DONE -> {
                    GridJob job = grid.job(task.key());
                    String r = Experiment.finished(grid, job).map(a -> "test top-1 " + top1(a.top1())).orElse("no summary.json");
                    console.println("[done] " + task.title() + ": " + r);
                }
                case FAILED -> console.println("[failed] " + task.title() + ": " + o.detail() + tail(task.log()));
                case BLOCKED -> console.println("[blocked] " + task.title() + ": " + o.detail());
                // After a stop of this command, one line names every stopped job (stopped(...)).
                case STOPPED -> {
                    if (!stop.isRequested()) {
                        console.println("[stopped] " + task.title() + ": " + o.detail());
                    }
                }
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return lines.subList(Math.max(0, lines.size() - 4), lines.size()).stream().map(l -> "\n    " + l).collect(Collectors.joining());
            } catch (IOException e) {
                return "";
            }
        }
    }
}
