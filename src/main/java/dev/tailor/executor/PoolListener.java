package dev.tailor.executor;

/** What a {@link LocalPool} tells its caller as tasks start and end. */
public interface PoolListener {
    void started(Task task, int attempt, long pid);

    /** A line of a running task's output (it is in the task's log too). */
    void output(Task task, String line);

    void retrying(Task task, int exitCode, int nextAttempt);

    void finished(Task task, TaskOutcome outcome);
}
