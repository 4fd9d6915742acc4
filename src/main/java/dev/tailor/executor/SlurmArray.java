package dev.tailor.executor;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.RunFailedException;
import dev.tailor.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Tasks as one Slurm job array (docs/cluster.md). One script serves every task: array index i runs
 * task i. The array is submitted held; each task that waits (a student for its teacher) is given
 * {@code afterok} on exactly the array tasks it needs, and the array is released. A task whose
 * teacher failed is cancelled ({@code --kill-on-invalid-dep}); a task that exits with an error is
 * started again inside its allocation as the {@link RetryPolicy} allows.
 */
public final class SlurmArray {
    private final SlurmOptions options;
    private final RetryPolicy retry;
    private final WorkerCommand command;

    public SlurmArray(SlurmOptions options, RetryPolicy retry, WorkerCommand command) {
        this.options = options;
        this.retry = retry;
        this.command = command;
    }

    /** The submitted array: its job id, the script and how many tasks it has. */
    public record Submission(String jobId, Path script, int tasks) {
    }

    /** Fails with one line if this machine cannot submit to Slurm. */
    public static void requireSbatch() {
        try {
            Shell.Result r = Shell.run(List.of("sbatch", "--version"));
            if (r.code() != 0) {
                throw new InvalidInputException("Slurm: 'sbatch --version' failed: " + r.firstLine());
            }
        } catch (UncheckedIOException e) {
            throw new InvalidInputException("Slurm: no sbatch on this machine's PATH (run on a Slurm login node)");
        }
    }

    /** The batch script for these tasks; {@code slurmLogs} receives Slurm's own output files. */
    public String script(List<Task> tasks, Path slurmLogs) {
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("# Written by Tailor: array task i runs task i below (docs/cluster.md).\n");
        for (String line : options.sbatchLines()) {
            sb.append("#SBATCH ").append(line).append('\n');
        }
        sb.append("#SBATCH --output=").append(slurmLogs.toAbsolutePath().resolve("slurm-%A_%a.out")).append('\n');
        sb.append("#SBATCH --open-mode=append\n#SBATCH --kill-on-invalid-dep=yes\n");
        sb.append("set -u\ncase \"${SLURM_ARRAY_TASK_ID:?run this script with sbatch --array}\" in\n");
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            sb.append("  ").append(i).append(") log=").append(WorkerCommand.quote(t.log().toAbsolutePath().toString())).append("; set --");
            t.args().forEach(a -> sb.append(' ').append(WorkerCommand.quote(a)));
            sb.append(" ;; # ").append(t.title().replace('\n', ' ')).append('\n');
        }
        sb.append("  *) echo \"no task $SLURM_ARRAY_TASK_ID in this script\" >&2; exit 2 ;;\nesac\n");
        sb.append("mkdir -p \"$(dirname \"$log\")\"\nexec >>\"$log\" 2>&1\n");
        sb.append("export TAILOR_THREADS=\"${SLURM_CPUS_PER_TASK:-").append(command.threads()).append("}\"\n");
        sb.append("worker() {\n  ").append(command.scriptLine()).append(" \"$@\"\n}\n");
        String finals = new TreeSet<>(retry.finalCodes()).stream().map(String::valueOf).collect(Collectors.joining(" "));
        sb.append("attempt=1\nwhile :; do\n");
        sb.append("  echo \"=== slurm task ${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID} on $(hostname), attempt $attempt\"\n");
        sb.append("  worker \"$@\"\n  rc=$?\n  echo \"=== exit $rc\"\n");
        sb.append("  case \" 0 ").append(finals).append(" \" in *\" $rc \"*) exit \"$rc\" ;; esac\n");
        sb.append("  [ \"$attempt\" -gt ").append(retry.retries()).append(" ] && exit \"$rc\"\n");
        sb.append("  attempt=$((attempt + 1))\ndone\n");
        return sb.toString();
    }

    /**
     * Writes the script to {@code script} and submits the tasks as one array. When some tasks wait
     * for others, the array is submitted held, each waiting task gets {@code afterok} on the array
     * tasks it needs, and the array is released; if that fails, the array is cancelled.
     */
    public Submission submit(List<Task> tasks, Path script, Path slurmLogs) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks to submit");
        }
        Map<String, Integer> index = Task.index(tasks);
        try {
            Files.createDirectories(slurmLogs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + slurmLogs + ": " + e.getMessage(), e);
        }
        writeScript(script, script(tasks, slurmLogs));
        String array = "--array=0-" + (tasks.size() - 1);
        boolean waits = tasks.stream().anyMatch(t -> !t.after().isEmpty());
        if (!waits) {
            return new Submission(sbatch(List.of(array), script), script, tasks.size());
        }
        String id = sbatch(List.of("--hold", array), script);
        try {
            for (int i = 0; i < tasks.size(); i++) {
                List<String> after = tasks.get(i).after();
                if (!after.isEmpty()) {
                    String deps = after.stream().map(a -> id + "_" + index.get(a)).collect(Collectors.joining(":"));
                    scontrol(List.of("update", "JobId=" + id + "_" + i, "Dependency=afterok:" + deps));
                }
            }
            scontrol(List.of("release", id));
        } catch (RuntimeException e) {
            Shell.run(List.of("scancel", id));
            throw e;
        }
        return new Submission(id, script, tasks.size());
    }

    /**
     * Waits until no task of the array is queued or running, asking squeue every {@code pollMillis};
     * false if {@code stop} ended the wait first (the tasks go on).
     */
    public static boolean waitFor(Submission s, long pollMillis, BooleanSupplier stop, Consumer<String> log) {
        String last = "";
        while (!stop.getAsBoolean()) {
            Shell.Result r = squeue(List.of(s.jobId()));
            List<String> live = live(r);
            if (live.isEmpty()) {
                return true;
            }
            String now = summary(live);
            if (!now.equals(last)) {
                log.accept(now);
                last = now;
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Whether any task of these jobs is still queued or running. */
    public static boolean queued(List<String> jobIds) {
        return !live(squeue(jobIds)).isEmpty();
    }

    private static Shell.Result squeue(List<String> jobIds) {
        return Shell.run(List.of("squeue", "-h", "-j", String.join(",", jobIds), "-o", "%i %t"));
    }

    /** Slurm's short codes of states a task does not leave by itself (completed, failed, cancelled, ...). */
    private static final Set<String> ENDED = Set.of("CD", "CA", "F", "TO", "NF", "PR", "OOM", "DL", "BF", "RV", "SE");

    /**
     * The states of the tasks still queued or running, from squeue's lines of "id state"; squeue
     * also lists recently ended tasks, and forgets jobs that ended long ago ("Invalid job id").
     */
    static List<String> live(Shell.Result r) {
        if (r.code() != 0) {
            if (r.out().contains("Invalid job id")) {
                return List.of();
            }
            throw new RunFailedException("squeue failed: " + r.out().strip().replace('\n', ' '));
        }
        return r.out().lines().map(l -> l.trim().split("\\s+")).filter(p -> p.length == 2 && !ENDED.contains(p[1])).map(p -> p[1]).toList();
    }

    /** "slurm: 2 running, 4 pending". */
    private static String summary(List<String> states) {
        Map<String, Long> by = states.stream().collect(Collectors.groupingBy(st -> st, TreeMap::new, Collectors.counting()));
        return "slurm: " + by.entrySet().stream().map(e -> e.getValue() + " " + state(e.getKey())).collect(Collectors.joining(", "));
    }

    private static String state(String code) {
        return switch (code) {
            case "R" -> "running";
            case "PD" -> "pending";
            case "CG" -> "completing";
            default -> code;
        };
    }

    private static String sbatch(List<String> args, Path script) {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable"));
        argv.addAll(args);
        argv.add(script.toAbsolutePath().toString());
        Shell.Result r = Shell.run(argv);
        String id = r.firstLine().split(";")[0];
        if (r.code() != 0 || !id.matches("\\d+")) {
            throw new RunFailedException("sbatch refused the job array (" + script + "): " + r.out().strip().replace('\n', ' '));
        }
        return id;
    }

    private static void scontrol(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("scontrol"));
        argv.addAll(args);
        Shell.Result r = Shell.run(argv);
        if (r.code() != 0) {
            throw new RunFailedException("scontrol " + String.join(" ", args) + " failed: " + r.out().strip().replace('\n', ' '));
        }
    }

    /** Written atomically (sbatch never reads half a script), then made executable. */
    private static void writeScript(Path script, String text) {
        AtomicFiles.writeString(script, text);
        script.toFile().setExecutable(true);
    }
}
