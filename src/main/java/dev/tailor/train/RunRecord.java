package dev.tailor.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: how a run folder came about. Each command that trains into a folder adds one
 * {@link Invocation} when it starts, so a stopped and resumed run lists both commands.
 */
public record RunRecord(List<Invocation> invocations) {
    public static final String FILE = "run.json";

    public RunRecord {
        invocations = List.copyOf(invocations);
    }

    /**
     * One command that wrote into the folder.
     *
     * @param argv    the arguments after {@code tailor}, exactly as given
     * @param options every option of the command with the value it ran with (defaults included)
     * @param started ISO-8601 instant
     */
    public record Invocation(String command, List<String> argv, Map<String, String> options, String started, Machine machine) {
        public Invocation {
            argv = List.copyOf(argv);
            options = Map.copyOf(options);
        }
    }

    /** Where it ran: what can change the numbers (native kernels differ by CPU, RELIABILITY.md). */
    public record Machine(String cpu, int cores, double memoryGiB, String os, String java, String djl, String engine, String threads) {
    }

    /** Adds an invocation to {@code dir/run.json}, written atomically; an unreadable old file is replaced (said on {@code warn}). */
    public static void append(Path dir, Invocation invocation, PrintWriter warn) {
        List<Invocation> all = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(FILE))) {
            try {
                all.addAll(read(dir).invocations());
            } catch (InvalidInputException e) {
                warn.println("tailor: " + e.getMessage() + "; writing a new one");
            }
        }
        all.add(invocation);
        try {
            AtomicFiles.writeString(dir.resolve(FILE), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new RunRecord(all)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a run record", e);
        }
    }

    /** Reads {@code dir/run.json}; a file that is not JSON or lacks a command, its arguments or a start time is refused, naming it. */
    public static RunRecord read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            RunRecord r = Json.MAPPER.readValue(file.toFile(), RunRecord.class);
            if (r.invocations().isEmpty()) {
                throw new InvalidInputException(file + ": no invocation recorded");
            }
            for (Invocation i : r.invocations()) {
                if (i.command() == null || i.started() == null || i.machine() == null) {
                    throw new InvalidInputException(file + ": an invocation without its command, start time or machine");
                }
            }
            return r;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": unreadable run record: " + Messages.firstLine(e.getMessage()));
        }
    }
}
