package dev.tailor.cli;

import dev.tailor.train.RunDirectory;
import dev.tailor.train.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SIGTERM to {@code tailor experiment} (a scheduler's time limit, {@code kill PID}) while its
 * two worker processes train: the experiment sends SIGTERM on to them, they save a checkpoint, none
 * is left running, the command exits 130 naming the interrupted jobs, and the same command again
 * resumes them and finishes (docs/experiments.md, "Running the grid").
 */
class ExperimentStopTest {
    @TempDir
    Path dir;

    @Test
    void sigtermToTheExperimentStopsItsWorkersWhichSaveAndTheSameCommandResumes() throws Exception {
        Path out = dir.resolve("exp");
        // Two jobs that need nothing (the teacher and the from-scratch arm), side by side in two workers. Six short epochs:
        // on an idle machine a job with two finished before the SIGTERM sent after its first one reached it.
        String[] args = {"experiment", "--dataset", "synthetic", "--width", "8", "--targets", "remove", "--arms", "scratch",
                "--teacher-epochs", "6", "--alter-epochs", "6", "--max-steps", "10", "--workers", "2", "--threads-per-worker", "1",
                "--out", out.toString()};
        Path log = dir.resolve("experiment.log");
        Process parent = KillResumeTest.childJvm(log.toFile(), args);
        List<String> jobs = List.of("teacher", "scratch-remove");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (jobs.stream().map(out::resolve).noneMatch(ExperimentStopTest::hasAnEpoch) && parent.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<ProcessHandle> workers = parent.descendants().toList();
        assertThat(parent.isAlive()).as("the experiment should still be running: %s", read(log)).isTrue();
        assertThat(workers).as("its worker processes").isNotEmpty();

        parent.destroy(); // SIGTERM, to the experiment only
        assertThat(parent.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String said = read(log);
        assertThat(parent.exitValue()).as(said).isEqualTo(TailorCli.INTERRUPTED);
        assertThat(workers).as("no worker outlives the experiment").noneMatch(ProcessHandle::isAlive);
        assertThat(said).contains("tailor: SIGTERM: stopping: no further job starts").doesNotContain("[done]", "[retry]", "Exception");

        // One line names the jobs that were running; each saved a checkpoint and has no result yet.
        Matcher m = Pattern.compile("tailor: stopped: interrupted ([^(;]+) \\(each saved a checkpoint\\);.* 0 jobs not started; "
                + "run the same command again to resume").matcher(said);
        assertThat(m.find()).as(said).isTrue();
        List<String> interrupted = Arrays.stream(m.group(1).split(", ")).map(String::strip).toList();
        assertThat(interrupted).isNotEmpty().isSubsetOf(jobs);
        for (String key : interrupted) {
            Path run = out.resolve(key);
            assertThat(run.resolve(RunDirectory.LAST)).as(key).isNotEmptyFile();
            assertThat(RunSummary.exists(run)).as(key).isFalse();
        }

        // The same command again resumes the interrupted jobs and finishes every one.
        CliRun again = CliRun.of(args);
        assertThat(again.code()).as(again.all()).isZero();
        for (String key : interrupted) {
            assertThat(read(out.resolve("logs").resolve(key.replace('/', '_') + ".log"))).as(key).contains("resumed ");
        }
        for (String key : jobs) {
            assertThat(RunSummary.exists(out.resolve(key))).as(key).isTrue();
        }
    }

    private static boolean hasAnEpoch(Path run) {
        try {
            Path metrics = run.resolve(RunDirectory.METRICS);
            return Files.exists(metrics) && !Files.readAllLines(metrics).isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
