package dev.tailor.cli;

import dev.tailor.train.StopRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a training command: the first asks the run to stop after the
 * current step (it saves a checkpoint and the command exits with 130); the same signal again ends
 * the process at once. SIGTERM is what a cluster scheduler sends at a time limit or pre-emption, and
 * what a process manager sends to stop a job; left to the JVM's default it would exit in the middle
 * of a native training step, which can crash libtorch as its globals are torn down under that step.
 * <p>
 * Only a repeat of the same signal quits at once: a worker of {@code tailor experiment} gets Ctrl-C
 * from the terminal and then SIGTERM from the experiment that runs it (docs/experiments.md), and
 * must still save its checkpoint.
 * <p>
 * The handlers are the process's only while the run that installed them goes on: {@link #close()}
 * puts back the ones that were there before (the JVM's own, or a caller's).
 */
final class Interrupts implements AutoCloseable {
    /** What a training command says it does on the first signal. */
    static final String SAVE_AFTER_STEP = "stopping after this step to save a checkpoint";

    private final StopRequest stop = new StopRequest();
    /** The handlers in place before ours, to put back on {@link #close()}, in the order ours were installed. */
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private Interrupts() {
    }

    /**
     * Until {@link #close()}, the next Ctrl-C or SIGTERM sets {@link #request()}; use with
     * try-with-resources around the run, so that the process's handlers are ours only while it runs.
     */
    static Interrupts onStopSignal(PrintWriter err) {
        return onStopSignal(err, SAVE_AFTER_STEP);
    }

    /** The same, saying {@code what} happens now (one line on {@code err}). */
    static Interrupts onStopSignal(PrintWriter err, String what) {
        Interrupts interrupts = new Interrupts();
        interrupts.handle("INT", 130, "Ctrl-C", what, err);
        interrupts.handle("TERM", 143, "SIGTERM", what, err);
        return interrupts;
    }

    /** Set by the first signal while these handlers are installed. */
    StopRequest request() {
        return stop;
    }

    /** Puts back the handlers that were in place before, last installed first. */
    @Override
    public void close() {
        List<Map.Entry<Signal, SignalHandler>> installed = new ArrayList<>(previous.entrySet());
        Collections.reverse(installed);
        for (Map.Entry<Signal, SignalHandler> e : installed) {
            Signal.handle(e.getKey(), e.getValue());
        }
        previous.clear();
    }

    private void handle(String signal, int haltCode, String name, String what, PrintWriter err) {
        AtomicBoolean seen = new AtomicBoolean();
        try {
            Signal sig = new Signal(signal);
            previous.put(sig, Signal.handle(sig, s -> {
                if (seen.getAndSet(true)) {
                    Runtime.getRuntime().halt(haltCode);
                }
                if (stop.isRequested()) {
                    return;
                }
                stop.request();
                err.println("tailor: " + name + ": " + what + " (" + name + " again to quit at once)");
                err.flush();
            }));
        } catch (IllegalArgumentException unavailable) {
            // Not available on this platform or in this JVM (e.g. -Xrs): runs stop only when they end.
        }
    }
}
