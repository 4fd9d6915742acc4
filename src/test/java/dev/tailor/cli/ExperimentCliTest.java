package dev.tailor.cli;

import dev.tailor.data.ReadersTestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The experiment and demo commands end to end on tiny data (a handful of steps per epoch). */
class ExperimentCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void experimentRunsEveryArmAndResumes() throws Exception {
        String[] args = {"experiment", "--dataset", "synthetic", "--width", "16", "--targets", "remove", "--teacher-epochs", "1",
                "--alter-epochs", "5", "--every", "1", "--max-steps", "3", "--out", dir.toString()};
        assertThat(TailorCli.run(args)).as(err.toString()).isZero();
        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("| teacher |", "| scratch (remove) |", "| kd-all-at-once (remove) |", "| tailor (remove) |",
                "Hardware ESTIMATES", "| SkipRemover | none,none,none |");
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"arm\" : \"tailor\"", "\"skipsNone\" : 3");
        out.reset();
        // A second run finds every arm finished and only rebuilds the table.
        assertThat(TailorCli.run(args)).isZero();
        assertThat(out.toString()).contains("teacher: already finished", "tailor (remove): already finished").doesNotContain("epoch 1/");
    }

    @Test
    void demoRunsOnFashionMnistShapedFiles() throws Exception {
        ReadersTestFiles.writeIdx(dir.resolve("data"), 300, 28, 28, 10);
        assertThat(TailorCli.run("demo", "--data", dir.resolve("data").toString(), "--max-steps", "2", "--out",
                dir.resolve("demo").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("tailor (remove)", "tailor (shorten)", "SkipShortener");
        assertThat(dir.resolve("demo").resolve("hardware.csv")).exists();
    }

    @Test
    void demoWithoutDataSaysHowToGetIt() {
        assertThat(TailorCli.run("demo", "--data", dir.resolve("empty").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Fashion-MNIST is not available").contains("apt-get install dataset-fashion-mnist");
    }
}
