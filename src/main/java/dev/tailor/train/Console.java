package dev.tailor.train;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * Where a run reports progress: a writer, and whether it is an interactive terminal (progress
 * bars redrawn in place) or a log (a plain line every tenth of an epoch).
 */
public record Console(PrintWriter out, boolean terminal) {

    /** Prints nothing (tests, benchmarks). */
    public static Console quiet() {
        return new Console(new PrintWriter(Writer.nullWriter()), false);
    }

    /** Whether this process's standard output is a terminal. */
    public static boolean stdoutIsTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    public void println(String line) {
        out.println(line);
        out.flush();
    }

    public void printf(String format, Object... args) {
        out.printf(Locale.ROOT, format, args);
        out.flush();
    }
}
