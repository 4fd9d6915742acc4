package dev.tailor.train;

import dev.tailor.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** run.json: each command that writes into a folder adds itself; a damaged file is named, never half-read. */
class RunRecordTest {
    @TempDir
    Path dir;

    private static RunRecord.Invocation invocation(String command, String started) {
        return new RunRecord.Invocation(command, List.of(command, "--epochs", "3"), Map.of("--epochs", "3", "--lr", "0.05"), started,
                new RunRecord.Machine("cpu", 2, 3.5, "Linux", "17", "0.1", "PyTorch", "2"));
    }

    @Test
    void aResumedRunListsBothInvocationsInOrder() {
        StringWriter warn = new StringWriter();
        RunRecord.append(dir, invocation("train", "2026-01-01T00:00:00Z"), new PrintWriter(warn));
        RunRecord.append(dir, invocation("train", "2026-01-01T01:00:00Z"), new PrintWriter(warn));
        RunRecord r = RunRecord.read(dir);
        assertThat(r.invocations()).extracting(RunRecord.Invocation::started).containsExactly("2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z");
        assertThat(r.invocations().get(1).options()).containsEntry("--lr", "0.05");
        assertThat(r.invocations().get(0).machine().cores()).isEqualTo(2);
        assertThat(warn.toString()).isEmpty();
    }

    @Test
    void aDamagedRecordIsNamedAndReplacedOnTheNextAppend() throws IOException {
        Files.writeString(dir.resolve(RunRecord.FILE), "{\"invocations\": [ {\"command\": ");
        assertThatThrownBy(() -> RunRecord.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve(RunRecord.FILE).toString()).hasMessageNotContaining("\n");
        StringWriter warn = new StringWriter();
        RunRecord.append(dir, invocation("alter", "2026-01-02T00:00:00Z"), new PrintWriter(warn, true));
        assertThat(warn.toString()).contains(RunRecord.FILE, "writing a new one");
        assertThat(RunRecord.read(dir).invocations()).singleElement().extracting(RunRecord.Invocation::command).isEqualTo("alter");
    }

    @Test
    void aRecordWithoutItsCommandIsRefused() throws IOException {
        Files.writeString(dir.resolve(RunRecord.FILE), "{\"invocations\": [ {\"argv\": [], \"options\": {}} ]}");
        assertThatThrownBy(() -> RunRecord.read(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("without its command");
    }
}
