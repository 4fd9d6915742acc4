package dev.tailor.executor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs tasks as child processes on this machine, at most {@code workers} at a time, each task once
 * the tasks it needs have succeeded. A task that exits with an error is started again as the
 * {@link RetryPolicy} allows; one that still fails is reported, and the tasks that need it are
 * reported as blocked: every task ends with an outcome.
 * <p>
 * A stop request (the caller's, e.g. on Ctrl-C or SIGTERM) starts no further task and retries none;
 * every running worker, and every process under it, is sent SIGTERM once, so a Tailor worker
 * finishes its step, saves a checkpoint and exits 130. A worker still running {@code grace} later is
 * killed (SIGKILL), with the processes under it; it resumes from the last checkpoint it saved. A
 * task stopped either way ends {@link TaskOutcome.Status#STOPPED} with its attempt counted
 * (docs/experiments.md, "Running the grid").
 */
public final class LocalPool {
    private final int workers;
    private final RetryPolicy retry;
    private final WorkerCommand command;
    private final PoolListener listener;
    private final BooleanSupplier stop;
    private final Duration grace;

    /** How long stopped workers get to save and exit before they are killed, unless told otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

    public LocalPool(int workers, RetryPolicy retry, WorkerCommand command, PoolListener listener, BooleanSupplier stop) {
        this(workers, retry, command, listener, stop, DEFAULT_GRACE);
    }

    public LocalPool(int workers, RetryPolicy retry, WorkerCommand command, PoolListener listener, BooleanSupplier stop, Duration grace) {
        if (workers < 1) {
            throw new IllegalArgumentException("a pool needs at least one worker, got " + workers);
        }
        this.workers = workers;
        this.retry = retry;
        this.command = command;
        this.listener = listener;
        this.stop = stop;
        this.grace = grace;
    }

    private record Exit(Task task, int code) {
    }

    /** Runs the tasks; the outcome of each, by key, in the given order. */
    public Map<String, TaskOutcome> run(List<Task> tasks) {
        Map<String, Integer> byKey = Task.index(tasks);
        Map<String, TaskOutcome> outcomes = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        List<Task> waiting = new ArrayList<>(tasks);
        BlockingQueue<Exit> exits = new LinkedBlockingQueue<>();
        Map<String, Process> processes = new HashMap<>();
        Map<String, List<ProcessHandle>> signalled = new HashMap<>();
        Set<String> killed = new HashSet<>();
        long killAt = Long.MAX_VALUE;
        int running = 0;
        while (!waiting.isEmpty() || running > 0) {
            blockOrphans(waiting, outcomes);
            boolean stopping = stop.getAsBoolean();
            if (stopping && killAt == Long.MAX_VALUE) {
                processes.forEach((key, p) -> signalled.put(key, terminate(p)));
                killAt = System.nanoTime() + grace.toNanos();
            } else if (stopping && System.nanoTime() > killAt) {
                processes.forEach((key, p) -> {
                    if (killed.add(key)) {
                        kill(p, signalled.getOrDefault(key, List.of()));
                    }
                });
            }
            for (int i = 0; i < waiting.size() && running < workers && !stopping; ) {
                Task t = waiting.get(i);
                if (t.after().stream().allMatch(a -> outcomes.containsKey(a) && outcomes.get(a).done())) {
                    waiting.remove(i);
                    int attempt = attempts.merge(t.key(), 1, Integer::sum);
                    processes.put(t.key(), start(t, attempt, exits));
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
            processes.remove(e.task().key());
            int attempt = attempts.get(e.task().key());
            if (e.code() == 0) {
                finish(e.task(), new TaskOutcome(TaskOutcome.Status.DONE, attempt, 0, ""), outcomes);
            } else if (e.code() == 130) {
                finish(e.task(), new TaskOutcome(TaskOutcome.Status.STOPPED, attempt, 130, "stopped; resumes from its checkpoint"), outcomes);
            } else if (killed.contains(e.task().key())) {
                finish(e.task(), new TaskOutcome(TaskOutcome.Status.STOPPED, attempt, e.code(), "killed: still running " + grace.toSeconds()
                        + " s after the stop; resumes from the last checkpoint it saved"), outcomes);
            } else if (killAt != Long.MAX_VALUE) {
                finish(e.task(), new TaskOutcome(TaskOutcome.Status.STOPPED, attempt, e.code(), "stopped with exit " + e.code()
                        + "; resumes from the last checkpoint it saved"), outcomes);
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

    /** Tasks whose needed task ended without success never start: blocked, or stopped with it when it was stopped. */
    private void blockOrphans(List<Task> waiting, Map<String, TaskOutcome> outcomes) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Task t : List.copyOf(waiting)) {
                String dead = t.after().stream().filter(a -> outcomes.containsKey(a) && !outcomes.get(a).done()).findFirst().orElse(null);
                if (dead != null) {
                    waiting.remove(t);
                    // A task stopped (by a stop request or its own Ctrl-C) resumes later, and so will this one.
                    TaskOutcome o = outcomes.get(dead).status() == TaskOutcome.Status.STOPPED
                            ? new TaskOutcome(TaskOutcome.Status.STOPPED, 0, -1, "not started: needs " + dead + ", which was stopped")
                            : new TaskOutcome(TaskOutcome.Status.BLOCKED, 0, -1, "needs " + dead + ", which did not finish");
                    finish(t, o, outcomes);
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

    /**
     * SIGTERM to a worker and every process under it, each once (a worker started through a shell
     * would otherwise leave the Tailor under it running); returns them all, for {@link #kill}. Sent
     * through the process handles: {@link Process#destroy()} would also close the worker's output,
     * which the thread copying it to the log still reads.
     */
    private static List<ProcessHandle> terminate(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        return all;
    }

    /**
     * SIGKILL to a worker, to the processes it had when it was sent SIGTERM (a shell that died of it
     * no longer has its children as descendants) and to those it has now.
     */
    private static void kill(Process p, List<ProcessHandle> signalled) {
        List<ProcessHandle> all = new ArrayList<>(signalled);
        all.addAll(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
    }

    /** Starts one attempt; a thread copies its output to the log and reports its exit. */
    private Process start(Task t, int attempt, BlockingQueue<Exit> exits) {
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
        return p;
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
