package dev.tailor.files;

import dev.tailor.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void oneWriterAtATimeAndTheLockIsFreedOnClose() throws Exception {
        Path run = dir.resolve("a/run");
        try (RunLock held = RunLock.acquire(run, "tailor train")) {
            assertThat(Files.readString(run.resolve(RunLock.FILE))).startsWith("process " + ProcessHandle.current().pid() + ", tailor train, since ");
            assertThatThrownBy(() -> RunLock.acquire(run, "tailor alter")).isInstanceOf(InvalidInputException.class)
                    .hasMessage(run + ": another run in this process is writing this folder; give another --out");
            // Another folder is another lock.
            RunLock.acquire(dir.resolve("b"), "tailor train").close();
        }
        assertThat(Files.readString(run.resolve(RunLock.FILE))).isEmpty();
        RunLock.acquire(run, "tailor train --resume").close();
    }

    @Test
    void aLockFileLeftByADeadProcessIsTakenOver() throws Exception {
        Files.writeString(dir.resolve(RunLock.FILE), "process 999999, tailor train, since 2026-01-01T00:00:00Z\n");
        try (RunLock l = RunLock.acquire(dir, "tailor train --resume")) {
            assertThat(Files.readString(dir.resolve(RunLock.FILE))).contains("process " + ProcessHandle.current().pid());
        }
    }
}
