package dev.tailor.executor;

import java.util.ArrayList;
import java.util.List;

/**
 * What each Slurm task asks the cluster for (docs/cluster.md). Empty
 * strings leave a setting to the cluster's defaults.
 *
 * @param partition   {@code --partition}
 * @param account     {@code --account}
 * @param time        {@code --time} per task, e.g. {@code 04:00:00}
 * @param memory      {@code --mem} per task, e.g. {@code 8G}
 * @param cpusPerTask {@code --cpus-per-task}; the worker's engine threads
 * @param directives  further {@code #SBATCH} options, each as sbatch takes it ({@code --qos=long})
 * @param jobName     {@code --job-name}
 */
public record SlurmOptions(String partition, String account, String time, String memory, int cpusPerTask, List<String> directives,
                           String jobName) {

    public SlurmOptions {
        directives = List.copyOf(directives);
        if (cpusPerTask < 1) {
            throw new IllegalArgumentException("a Slurm task needs at least one CPU, got " + cpusPerTask);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The #SBATCH lines of the script. */
    List<String> sbatchLines() {
        List<String> l = new ArrayList<>();
        l.add("--job-name=" + jobName);
        l.add("--cpus-per-task=" + cpusPerTask);
        l.add("--ntasks=1");
        if (!partition.isEmpty()) {
            l.add("--partition=" + partition);
        }
        if (!account.isEmpty()) {
            l.add("--account=" + account);
        }
        if (!time.isEmpty()) {
            l.add("--time=" + time);
        }
        if (!memory.isEmpty()) {
            l.add("--mem=" + memory);
        }
        l.addAll(directives);
        return l;
    }

    public static final class Builder {
        private String partition = "";
        private String account = "";
        private String time = "";
        private String memory = "";
        private int cpusPerTask = 1;
        private List<String> directives = List.of();
        private String jobName = "tailor";

        public Builder partition(String v) {
            partition = v;
            return this;
        }

        public Builder account(String v) {
            account = v;
            return this;
        }

        public Builder time(String v) {
            time = v;
            return this;
        }

        public Builder memory(String v) {
            memory = v;
            return this;
        }

        public Builder cpusPerTask(int v) {
            cpusPerTask = v;
            return this;
        }

        public Builder directives(List<String> v) {
            directives = v;
            return this;
        }

        public Builder jobName(String v) {
            jobName = v;
            return this;
        }

        public SlurmOptions build() {
            return new SlurmOptions(partition, account, time, memory, cpusPerTask, directives, jobName);
        }
    }
}
