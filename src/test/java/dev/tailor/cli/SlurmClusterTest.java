package dev.tailor.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny synthetic grid end to end on a real one-node Slurm cluster (Debian's slurm-wlm and munge on
 * localhost), started by .ci/slurm-up.sh. No cluster is a failure, not a skip: CI must show that
 * the Slurm path works. Two seeds × (teacher, gradual) = 4 array tasks of a few steps each.
 */
class SlurmClusterTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void clusterUp() throws Exception {
        Process p = new ProcessBuilder("bash", Path.of(".ci", "slurm-up.sh").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("a one-node Slurm cluster is needed (run .ci/slurm-up.sh as root): " + out).isZero();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void gridRunsAsOneArrayAndCollects() throws Exception {
        Path out = dir.resolve("exp");
        CliRun r = CliRun.of("experiment", "--dataset", "synthetic", "--width", "8", "--targets", "remove", "--arms", "tailor",
                "--teacher-epochs", "1", "--alter-epochs", "5", "--every", "1", "--max-steps", "2", "--seeds", "1,2",
                "--executor", "slurm", "--slurm-mem", "1G", "--threads-per-worker", "1", "--slurm-wait", "--slurm-poll", "1",
                "--slurm-option=--comment=tailor-ci", "--out", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("submitted 4 tasks as Slurm job array");
        String script = Files.readString(out.resolve("slurm").resolve("grid.sbatch"));
        assertThat(script).contains("#SBATCH --mem=1G", "#SBATCH --cpus-per-task=1", "#SBATCH --comment=tailor-ci", "seed-2/tailor-remove");
        // Each student ran after its teacher had finished (it reads the teacher's final network).
        for (String seed : new String[]{"1", "2"}) {
            String log = Files.readString(out.resolve("logs").resolve("seed-" + seed + "_tailor-remove.log"));
            assertThat(log).contains("=== slurm task", "teacher: " + out.resolve("seed-" + seed).resolve("teacher").toAbsolutePath());
            assertThat(out.resolve("seed-" + seed).resolve("tailor-remove").resolve("summary.json")).exists();
        }
        assertThat(Files.readString(out.resolve("results.md"))).contains("## Paired comparisons", "| student − teacher | tailor (remove) | teacher | 2 |");

        // --collect joins the same results again, from the folder alone.
        Files.delete(out.resolve("results.md"));
        CliRun c = CliRun.of("experiment", "--collect", out.toString());
        assertThat(c.code()).as(c.all()).isZero();
        assertThat(Files.readString(out.resolve("results.md"))).contains("| tailor (remove) |", "| seed 1 | seed 2 |");
    }
}
