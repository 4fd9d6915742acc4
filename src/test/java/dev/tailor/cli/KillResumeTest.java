package dev.tailor.cli;

import dev.tailor.kernels.KernelChooser;
import dev.tailor.kernels.VerdictCache;

import dev.tailor.train.MetricsFile;
import dev.tailor.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real kill -9 of a training process in the middle of its second epoch, then --resume: the
 * per-epoch metrics equal those of an uninterrupted run exactly (checkpoints are written
 * atomically, and the data order and augmentation depend only on seed and epoch).
 */
class KillResumeTest {
    @TempDir
    Path dir;

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "resnet8", "--width", "16", "--dataset", "synthetic",
                "--epochs", "3", "--max-steps", "40", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** The uninterrupted run both tests compare against. */
    @TempDir
    static Path shared;
    static Path straight;

    static double straightWallSeconds;

    /**
     * The child processes and this one use the same convolution verdicts, as the program's
     * processes on one machine do through its cache folder (docs/kernels.md): a run resumed in
     * another process must compute with the same kernels to end exactly like a straight one.
     */
    @org.junit.jupiter.api.BeforeAll
    static void straightRun() {
        KernelChooser.shared().useDiskCache(VerdictCache.forThisMachine(shared.resolve("kernels"), s -> { }));
        straight = shared.resolve("straight");
        long t0 = System.nanoTime();
        CliRun s = CliRun.of(train(straight));
        straightWallSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(s.code()).as(s.all()).isZero();
    }

    @org.junit.jupiter.api.AfterAll
    static void processOnlyAgain() {
        KernelChooser.shared().useDiskCache(null);
    }

    /** The epochs' recorded seconds fit inside the run's wall time (they once counted each epoch's steps twice). */
    @Test
    void epochSecondsAreNoMoreThanTheWallTime() throws Exception {
        double recorded = MetricsFile.read(straight.resolve(RunDirectory.METRICS), 99).stream()
                .mapToDouble(dev.tailor.train.EpochMetrics::seconds).sum();
        assertThat(recorded).isPositive().isLessThan(straightWallSeconds);
    }

    @Test
    void killNineThenResumeEqualsAStraightRun() throws Exception {
        Path killed = dir.resolve("killed");
        Process p = inSecondEpoch(killed);
        Path metrics = killed.resolve(RunDirectory.METRICS);
        // While it trains, its folder is its own: a resume (or any second writer) is refused, naming it.
        CliRun second = CliRun.of(train(killed, "--resume"));
        assertThat(second.code()).as(second.all()).isEqualTo(2);
        assertThat(second.err().strip()).startsWith("tailor: " + killed + ": another Tailor process is writing this run folder (process "
                + p.pid() + ", tailor train, since ").endsWith("wait for it to end or stop it, or give another --out");
        // Killed, its lock dies with it: the resume below takes the folder over.
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);

        CliRun r = CliRun.of(train(killed, "--resume"));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("resumed");
        assertThat(MetricsFile.read(metrics, 99)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("seconds")
                .isEqualTo(MetricsFile.read(straight.resolve(RunDirectory.METRICS), 99));
    }

    /**
     * SIGTERM (a scheduler's time limit, a process manager's stop) mid-epoch: the step finishes, a
     * checkpoint is saved, the command exits 130, and --resume ends exactly like a straight run. The
     * JVM's default would have exited inside a native step (a libtorch crash, exit 134, seen here).
     */
    @Test
    void sigtermSavesThenResumeEqualsAStraightRun() throws Exception {
        Path stopped = dir.resolve("stopped");
        Process p = inSecondEpoch(stopped);
        Path metrics = stopped.resolve(RunDirectory.METRICS);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(TailorCli.INTERRUPTED);
        CliRun r = CliRun.of(train(stopped, "--resume"));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(MetricsFile.read(metrics, 99)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("seconds")
                .isEqualTo(MetricsFile.read(straight.resolve(RunDirectory.METRICS), 99));
    }

    /** A training child process, once it has finished its first epoch and is into its second. */
    private static Process inSecondEpoch(Path out) throws Exception {
        Process p = childJvm(train(out));
        Path metrics = out.resolve(RunDirectory.METRICS);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!(Files.exists(metrics) && Files.readAllLines(metrics).size() == 1) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the child should still be training its second epoch").isTrue();
        Thread.sleep(100);
        return p;
    }

    /** The CLI in a JVM of its own, with the test's class path and engine settings; its output is dropped. */
    private static Process childJvm(String... args) throws Exception {
        return childJvm(new File("/dev/null"), args);
    }

    /** The same, its output and errors together in {@code output}. */
    static Process childJvm(File output, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "2"),
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", classPath, TailorCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output);
        if (shared != null) {
            pb.environment().put("TAILOR_KERNEL_CACHE", shared.resolve("kernels").toString());
        }
        return pb.start();
    }
}
