package dev.tailor.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's two independent chains get a worker each unless the user chose the workers or threads. */
class DemoWorkersTest {
    private static ExecutorOptions parsed(String... args) {
        DemoCommand demo = new DemoCommand();
        CommandLine cli = new CommandLine(demo);
        Labels.registerConverters(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.ParseResult r = cli.parseArgs(args);
        demo.executor.oneWorkerPerChain(2, r);
        return demo.executor;
    }

    @Test
    void twoChainsShareTheThreads() {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        ExecutorOptions e = parsed("--out", "x");
        assertThat(e.workers()).isEqualTo(2);
        assertThat(e.threads()).isEqualTo(1);
        System.setProperty("ai.djl.pytorch.num_threads", "6");
        try {
            ExecutorOptions six = parsed("--out", "x");
            assertThat(six.workers()).isEqualTo(2);
            assertThat(six.threads()).isEqualTo(3);
        } finally {
            System.setProperty("ai.djl.pytorch.num_threads", "2");
        }
    }

    @Test
    void theUsersChoiceStands() {
        assertThat(parsed("--workers", "1").workers()).isEqualTo(1);
        ExecutorOptions t = parsed("--threads-per-worker", "2");
        assertThat(t.workers()).isEqualTo(1);
        assertThat(t.threads()).isEqualTo(2);
        assertThat(parsed("--executor", "in-process").workers()).isEqualTo(1);
    }
}
