package dev.tailor.errors;

/**
 * A run that could not go on for a reason outside the program — a diverging loss, a full disk —
 * and has said in one line what was kept and what to do. The CLI prints the line and exits with 1.
 */
public class RunFailedException extends RuntimeException {
    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public RunFailedException(String message) {
        super(message);
    }
}
