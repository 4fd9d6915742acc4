package dev.tailor.report;

import dev.tailor.train.EpochMetrics;
import dev.tailor.train.MetricsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One garbage line in a run's metrics costs that line, not the run's curves. */
class DamagedMetricsTest {
    @TempDir
    Path dir;

    @Test
    void damagedLinesAreSkippedAndCountedAndTheRestKept() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            epochs.add(new EpochMetrics(e, 0.1, 1.0 / (e + 1), 0.5, 0.9 / (e + 1), 0.6, 0.9, 1.0, "long,long,long", false));
        }
        MetricsFile.write(file, epochs);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(2, "{\"epoch\": 7, \"lr\": ");       // truncated JSON
        lines.add(4, lines.get(1));                       // epoch 1 again, after epoch 2
        Files.write(file, lines);
        List<String> problems = new ArrayList<>();
        List<EpochMetrics> read = RunFolders.readSkippingDamaged(file, problems);
        assertThat(read).extracting(EpochMetrics::epoch).containsExactly(0, 1, 2, 3);
        assertThat(problems).containsExactly(file + ": 2 damaged lines skipped (lines 3, 5); the other 4 epochs are shown");
    }
}
