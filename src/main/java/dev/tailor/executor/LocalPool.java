package dev.tailor.executor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs tasks as child processes on this machine, at most {@code workers} at a time, each task once
 * the tasks it needs have succeeded. A task that exits with an error is started again as the
 * {@link RetryPolicy} allows; one that still fails is reported, and the tasks that need it are
 * reported as blocked: every task ends with an outcome. After a stop request no task is started;
 * running ones are waited for (Ctrl-C reaches them too: they share the terminal's process group).
 */
public final class LocalPool {
    private final int workers;
    private final RetryPolicy retry;
    private final WorkerCommand command;
    private final PoolListener listener;
    private final BooleanSupplier stop;

    public LocalPool(int workers, RetryPolicy retry, WorkerCommand command, PoolListener listener, BooleanSupplier stop) {
        if (workers < 1) {
            throw new IllegalArgumentException("a pool needs at least one worker, got " + workers);
        }
        this.workers = workers;
        this.retry = retry;
        this.command = command;
        this.listener = listener;
        this.stop = stop;
    }

    private record Exit(Task task, int code) {
    }

    /** Runs the tasks; the outcome of each, by key, in the given order. */
    public Map<String, TaskOutcome> run(List<Task> tasks) {
        Map<String, Task> byKey = new LinkedHashMap<>();
        for (Task t : tasks) {
            if (byKey.put(t.key(), t) != null) {
                throw new IllegalArgumentException("two tasks named " + t.key());
            }
        }
        for (Task t : tasks) {
            for (String a : t.after()) {
                if (!byKey.containsKey(a)) {
                    throw new IllegalArgumentException(t.key() + " waits for " + a + ", which is not among the tasks");
                }
            }
        }
        Map<String, TaskOutcome> outcomes = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        List<Task> waiting = new ArrayList<>(tasks);
        BlockingQueue<Exit> exits = new LinkedBlockingQueue<>();
        int running = 0;
        while (!waiting.isEmpty() || running > 0) {
            blockOrphans(waiting, outcomes);
            boolean stopping = stop.getAsBoolean();
            for (int i = 0; i < waiting.size() && running < workers && !stopping; ) {
                Task t = waiting.get(i);
                if (t.after().stream().allMatch(a -> outcomes.containsKey(a) && outcomes.get(a).done())) {
                    waiting.remove(i);
                    int attempt = attempts.merge(t.key(), 1, Integer::sum);
                    start(t, attempt, exits);
                    running++;
                } else {
                    i++;
                }
            }
            if (running == 0) {
                // Nothing runs and nothing could start: a stop, or tasks waiting on each other.
                for (Task t : waiting) {
                    TaskOutcome o = stopping ? new TaskOutcome(TaskOutcome.Status.STOPPED, 0, -1, "not started: stop requested")
                            : new TaskOutcome(TaskOutcome.Status.BLOCKED, 0, -1, "waits on a task that cannot start");
                    finish(t, o, outcomes);
                }
                break;
            }
            Exit e = take(exits);
            if (e == null) {
                continue;
            }
            running--;
            int attempt = attempts.get(e.task().key());
            if (e.code() == 0) {
                finish(e.task(), new TaskOutcome(TaskOutcome.Status.DONE, attempt, 0, ""), outcomes);
            } else if (e.code() == 130) {
                finish(e.task(), new TaskOutcome(TaskOutcome.Status.STOPPED, attempt, 130, "stopped; resumes from its checkpoint"), outcomes);
            } else if (retry.retry(e.code(), attempt) && !stop.getAsBoolean()) {
                listener.retrying(e.task(), e.code(), attempt + 1);
                waiting.add(0, e.task());
            } else {
                finish(e.task(), new TaskOutcome(TaskOutcome.Status.FAILED, attempt, e.code(),
                        "exit " + e.code() + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + "; log " + e.task().log()), outcomes);
            }
        }
        Map<String, TaskOutcome> ordered = new LinkedHashMap<>();
        byKey.keySet().forEach(k -> ordered.put(k, outcomes.get(k)));
        return ordered;
    }

    /** Tasks whose needed task ended without success never start. */
    private void blockOrphans(List<Task> waiting, Map<String, TaskOutcome> outcomes) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Task t : List.copyOf(waiting)) {
                String dead = t.after().stream().filter(a -> outcomes.containsKey(a) && !outcomes.get(a).done()).findFirst().orElse(null);
                if (dead != null) {
                    waiting.remove(t);
                    finish(t, new TaskOutcome(TaskOutcome.Status.BLOCKED, 0, -1, "needs " + dead + ", which did not finish"), outcomes);
                    changed = true;
                }
            }
        }
    }

    private void finish(Task t, TaskOutcome o, Map<String, TaskOutcome> outcomes) {
        outcomes.put(t.key(), o);
        listener.finished(t, o);
    }

    private static Exit take(BlockingQueue<Exit> exits) {
        try {
            return exits.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for workers", e);
        }
    }

    /** Starts one attempt; a thread copies its output to the log and reports its exit. */
    private void start(Task t, int attempt, BlockingQueue<Exit> exits) {
        Process p;
        try {
            Files.createDirectories(t.log().toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command.argv(t.args())).redirectErrorStream(true);
            pb.environment().putAll(command.environment());
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker for " + t.key() + ": " + e.getMessage(), e);
        }
        listener.started(t, attempt, p.pid());
        Thread pump = new Thread(() -> exits.add(new Exit(t, copyOutput(t, attempt, p))), "worker-" + t.key());
        pump.setDaemon(true);
        pump.start();
    }

    /** Copies the process's output to its log (and the listener) until it ends; its exit code. */
    private int copyOutput(Task t, int attempt, Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(t.log(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            log.write("=== " + t.title() + ": attempt " + attempt + ", pid " + p.pid() + "\n");
            log.flush();
            for (String line; (line = in.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                log.flush();
                listener.output(t, line);
            }
            int code = p.waitFor();
            log.write("=== exit " + code + "\n");
            return code;
        } catch (IOException e) {
            p.destroyForcibly();
            return waitQuietly(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return waitQuietly(p);
        }
    }

    private static int waitQuietly(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
