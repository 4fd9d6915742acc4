package dev.tailor.executor;

import dev.tailor.errors.RunFailedException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch script and squeue's answers, without a cluster (SlurmClusterTest submits to a real one). */
class SlurmArrayTest {

    @Test
    void scriptAsksForWhatTheUserSetAndRunsTaskIByIndex() {
        SlurmOptions o = SlurmOptions.builder().partition("gpu-short").account("lab42").time("02:00:00").memory("6G").cpusPerTask(3)
                .directives(List.of("--qos=long")).jobName("tailor-resnet8").build();
        SlurmArray a = new SlurmArray(o, new RetryPolicy(2, Set.of(2, 130)), WorkerCommand.shellLine("/shared/tailor/tailor", 3));
        List<Task> tasks = List.of(
                new Task("seed-1/teacher", "teacher, seed 1", List.of("grid-job", "--job", "seed-1/teacher"), List.of(), Path.of("/o/logs/t1.log")),
                new Task("seed-1/tailor-remove", "tailor (remove), seed 1", List.of("grid-job", "--job", "it's"), List.of("seed-1/teacher"),
                        Path.of("/o/logs/s1.log")));
        String s = a.script(tasks, Path.of("/o/slurm"));
        assertThat(s).startsWith("#!/bin/bash\n")
                .contains("#SBATCH --partition=gpu-short\n", "#SBATCH --account=lab42\n", "#SBATCH --time=02:00:00\n", "#SBATCH --mem=6G\n",
                        "#SBATCH --cpus-per-task=3\n", "#SBATCH --qos=long\n", "#SBATCH --job-name=tailor-resnet8\n",
                        "#SBATCH --output=/o/slurm/slurm-%A_%a.out\n", "#SBATCH --kill-on-invalid-dep=yes\n")
                .contains("  0) log='/o/logs/t1.log'; set -- 'grid-job' '--job' 'seed-1/teacher' ;;")
                .contains("  1) log='/o/logs/s1.log'; set -- 'grid-job' '--job' 'it'\\''s' ;;")
                .contains("/shared/tailor/tailor \"$@\"", "TAILOR_THREADS=\"${SLURM_CPUS_PER_TASK:-3}\"")
                .contains("case \" 0 2 130 \" in", "[ \"$attempt\" -gt 2 ] && exit \"$rc\"");
        // An empty setting leaves it to the cluster.
        String plain = new SlurmArray(SlurmOptions.builder().build(), new RetryPolicy(0, Set.of()), WorkerCommand.shellLine("t", 1))
                .script(tasks, Path.of("/o/slurm"));
        assertThat(plain).doesNotContain("--partition", "--account", "--time", "--mem=");
    }

    @Test
    void onlyQueuedOrRunningTasksAreLive() {
        assertThat(SlurmArray.live(new Shell.Result(0, "22_3 CA\n22_[4-6] PD\n22_1 R\n22_0 CD\n22_2 F\n"))).containsExactly("PD", "R");
        assertThat(SlurmArray.live(new Shell.Result(0, ""))).isEmpty();
        assertThat(SlurmArray.live(new Shell.Result(1, "slurm_load_jobs error: Invalid job id specified\n"))).isEmpty();
        assertThatThrownBy(() -> SlurmArray.live(new Shell.Result(1, "squeue: error: Unable to contact slurm controller\n")))
                .isInstanceOf(RunFailedException.class).hasMessageContaining("Unable to contact");
    }
}
