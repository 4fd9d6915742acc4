package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.executor.ExecutorKind;
import dev.tailor.executor.RetryPolicy;
import dev.tailor.executor.SlurmOptions;
import dev.tailor.executor.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Set;

/** Where an experiment's jobs run, shared by experiment and demo (docs/experiments.md). */
public final class ExecutorOptions {
    @Option(names = "--executor", defaultValue = "local", completionCandidates = Labels.Executors.class,
            description = "${COMPLETION-CANDIDATES}: local runs the jobs in worker processes on this machine; slurm submits them as "
                    + "job arrays; in-process runs them one after another in this process. Default: ${DEFAULT-VALUE}.")
    ExecutorKind executor;

    @Option(names = "--workers", defaultValue = "1", description = "Worker processes at a time (local). Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--threads-per-worker", defaultValue = "0", paramLabel = "N",
            description = "Engine threads of each worker, and CPUs of each Slurm task (0: this process's threads, i.e. TAILOR_THREADS "
                    + "or every core; 1 on Slurm). --workers 2 --threads-per-worker 1 lets two 1-thread jobs share two cores.")
    int threads;

    @Option(names = "--retries", defaultValue = "2",
            description = "Further attempts for a job that dies (it resumes from its last checkpoint); bad input (exit 2) and Ctrl-C "
                    + "(130) are not retried. Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--worker-command", paramLabel = "CMD",
            description = "Shell command that starts Tailor for one job (its arguments are appended), e.g. /shared/tailor/tailor. "
                    + "Default: this Java with this class path.")
    String workerCommand;

    @Option(names = "--slurm-partition", defaultValue = "", paramLabel = "NAME", description = "sbatch --partition (default: the cluster's).")
    String partition;

    @Option(names = "--slurm-account", defaultValue = "", paramLabel = "NAME", description = "sbatch --account (default: yours).")
    String account;

    @Option(names = "--slurm-time", defaultValue = "", paramLabel = "D-HH:MM:SS", description = "sbatch --time per task (default: the partition's).")
    String time;

    @Option(names = "--slurm-mem", defaultValue = "", paramLabel = "SIZE", description = "sbatch --mem per task, e.g. 8G (default: the cluster's).")
    String memory;

    @Option(names = "--slurm-option", paramLabel = "OPT", description = "Further #SBATCH option, repeatable, e.g. --slurm-option=--qos=long.")
    List<String> directives = List.of();

    @Option(names = "--slurm-wait", description = "After submitting, wait for the arrays to leave the queue and write the report.")
    boolean slurmWait;

    @Option(names = "--slurm-poll", defaultValue = "15", paramLabel = "SECONDS", description = "How often --slurm-wait asks squeue. Default: ${DEFAULT-VALUE}.")
    int pollSeconds;

    /** Refuses bad numbers before anything is written or loaded. */
    void check() {
        retryPolicy();
        workers();
        threads();
        if (pollSeconds < 1) {
            throw new InvalidInputException("--slurm-poll must be at least 1 second, got " + pollSeconds);
        }
    }

    /** Bad input (2) fails again; a stopped job (130) stays stopped. */
    RetryPolicy retryPolicy() {
        if (retries < 0) {
            throw new InvalidInputException("--retries must be 0 or more, got " + retries);
        }
        return new RetryPolicy(retries, Set.of(TailorCli.BAD_INPUT, TailorCli.INTERRUPTED));
    }

    /**
     * For a grid of {@code chains} independent chains of jobs (the demo's two teacher → student
     * chains) run on this machine: unless --workers or --threads-per-worker was given, one worker
     * per chain with the threads split between them. On 2 cores two 1-thread workers finished the
     * demo in 7.3 min against 1 worker of 2 threads (BENCHMARKS.md, "The main job").
     */
    void oneWorkerPerChain(int chains, CommandLine.ParseResult parsed) {
        if (executor != ExecutorKind.LOCAL || parsed.hasMatchedOption("--workers") || parsed.hasMatchedOption("--threads-per-worker")) {
            return;
        }
        int t = threads();
        int w = Math.min(chains, t);
        if (w > 1) {
            workers = w;
            threads = t / w;
        }
    }

    int workers() {
        if (workers < 1) {
            throw new InvalidInputException("--workers must be at least 1, got " + workers);
        }
        return workers;
    }

    /**
     * --threads-per-worker; by default this process's engine threads, or 1 for a Slurm task (this
     * machine's cores say nothing about a compute node's).
     */
    int threads() {
        if (threads < 0) {
            throw new InvalidInputException("--threads-per-worker must be 0 (the default) or more, got " + threads);
        }
        if (threads > 0) {
            return threads;
        }
        if (executor == ExecutorKind.SLURM) {
            return 1;
        }
        String own = System.getProperty(WorkerCommand.THREADS_PROPERTY);
        return own != null && own.matches("\\d+") && Integer.parseInt(own) > 0 ? Integer.parseInt(own) : Runtime.getRuntime().availableProcessors();
    }

    WorkerCommand workerCommand() {
        if (workerCommand != null && workerCommand.isBlank()) {
            throw new InvalidInputException("--worker-command is blank");
        }
        return workerCommand == null ? WorkerCommand.thisJvm(TailorCli.class.getName(), threads())
                : WorkerCommand.shellLine(workerCommand, threads());
    }

    SlurmOptions slurm(String jobName) {
        return SlurmOptions.builder().partition(partition).account(account).time(time).memory(memory).cpusPerTask(threads())
                .directives(directives).jobName(jobName).build();
    }
}
