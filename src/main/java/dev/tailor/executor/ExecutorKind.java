package dev.tailor.executor;

import dev.tailor.errors.InvalidInputException;

import java.util.Locale;

/** Where an experiment's jobs run (docs/experiments.md, "Running the grid"). */
public enum ExecutorKind {
    /** A pool of worker processes on this machine, each with its own engine thread count. */
    LOCAL("local"),
    /** One Slurm job array (docs/cluster.md), submitted with sbatch; results joined by --collect. */
    SLURM("slurm"),
    /** One job after another inside this process (no retries): for debugging. */
    IN_PROCESS("in-process");

    private final String label;

    ExecutorKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ExecutorKind parse(String text) {
        for (ExecutorKind k : values()) {
            if (k.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new InvalidInputException("'" + text + "' is not an executor (local, slurm, in-process)");
    }

    @Override
    public String toString() {
        return label;
    }
}
