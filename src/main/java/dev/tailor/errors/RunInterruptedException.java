package dev.tailor.errors;

/** The user asked a run to stop (Ctrl-C) and it stopped cleanly, saying where it saved; exit code 130. */
public class RunInterruptedException extends RuntimeException {
    public RunInterruptedException(String message) {
        super(message);
    }
}
