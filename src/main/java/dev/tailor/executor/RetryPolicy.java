package dev.tailor.executor;

import java.util.Set;

/**
 * How often a task that exits with an error is started again (it resumes from its last
 * checkpoint), and which exit codes are final: bad input fails the same way every time, and a
 * task the user stopped stays stopped.
 *
 * @param retries    further attempts after the first
 * @param finalCodes exit codes never retried
 */
public record RetryPolicy(int retries, Set<Integer> finalCodes) {

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
        finalCodes = Set.copyOf(finalCodes);
    }

    /** Whether a task whose {@code attempt}-th run (from 1) exited with {@code code} runs again. */
    public boolean retry(int code, int attempt) {
        return code != 0 && !finalCodes.contains(code) && attempt <= retries;
    }
}
