package dev.tailor.executor;

/**
 * How a task ended.
 *
 * @param attempts how many times it was started
 * @param exitCode the last attempt's exit code (-1 if it never started)
 * @param detail   for people: why it failed or was not run
 */
public record TaskOutcome(Status status, int attempts, int exitCode, String detail) {

    public enum Status {
        DONE,
        /** Exited with an error on its last allowed attempt, or with a final code. */
        FAILED,
        /**
         * Stopped by the user (exit 130), or by a stop request (sent SIGTERM, or killed when it did not
         * exit in time); or not started because a stop was requested or a task it needs was stopped.
         */
        STOPPED,
        /** Not started: a task it needs did not succeed. */
        BLOCKED
    }

    public boolean done() {
        return status == Status.DONE;
    }
}
