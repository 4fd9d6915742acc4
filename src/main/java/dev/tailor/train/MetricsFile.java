package dev.tailor.train;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per epoch. Rewritten whole (atomically) each epoch, so it
 * always matches the last checkpoint, even after a crash.
 */
public final class MetricsFile {
    private MetricsFile() {
    }

    public static void write(Path file, List<EpochMetrics> history) {
        StringBuilder sb = new StringBuilder();
        var writer = Json.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT).writer();
        try {
            for (EpochMetrics m : history) {
                sb.append(writer.writeValueAsString(m)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** The first {@code epochs} entries of an existing file (none if it is missing). */
    public static List<EpochMetrics> read(Path file, int epochs) {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": unreadable metrics: " + Messages.firstLine(e.getMessage()));
        }
        for (int i = 0; i < lines.size() && out.size() < epochs; i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(Json.MAPPER.readValue(lines.get(i), EpochMetrics.class));
            } catch (IOException e) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": unreadable metrics: " + Messages.firstLine(e.getMessage()));
            }
        }
        return out;
    }
}
