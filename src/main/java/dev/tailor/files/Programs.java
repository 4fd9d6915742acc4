package dev.tailor.files;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.RunFailedException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Outside programs a command runs (Verilator, Yosys): found on the PATH or by path, run with their output in a log file. */
public final class Programs {
    private Programs() {
    }

    /** Whether {@code program} (a name on the PATH, or a path) is an executable file. */
    public static boolean exists(String program) {
        if (program.contains(File.separator)) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses, in one line, a program that is not there.
     *
     * @param what    what it is, for the message ("Verilator")
     * @param debian  the Debian package that installs it
     * @param option  the option that names another program
     */
    public static void require(String program, String what, String debian, String option) {
        if (!exists(program)) {
            throw new InvalidInputException(program + ": " + what + " is not installed: install Debian's package '" + debian + "' (apt-get install "
                    + debian + "), or name the program with " + option + " PATH");
        }
    }

    /** Runs {@code cmd} in {@code dir} with its output (both streams) in {@code log}; returns its exit code. */
    public static int run(List<String> cmd, Path dir, Path log, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RunFailedException(cmd.get(0) + " did not finish within " + timeoutSeconds + " s (log: " + log + ")");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new RunFailedException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while running " + cmd.get(0), e);
        }
    }

    /** The last lines of a log, joined with " | " for a one-line message. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
