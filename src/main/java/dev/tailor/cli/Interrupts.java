package dev.tailor.cli;

import dev.tailor.train.StopRequest;
import sun.misc.Signal;

import java.io.PrintWriter;
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
 */
final class Interrupts {
    /** What a training command says it does on the first signal. */
    static final String SAVE_AFTER_STEP = "stopping after this step to save a checkpoint";

    private Interrupts() {
    }

    /** A stop request that the next Ctrl-C or SIGTERM sets; the handlers are the process's from now on. */
    static StopRequest onStopSignal(PrintWriter err) {
        return onStopSignal(err, SAVE_AFTER_STEP);
    }

    /** The same, saying {@code what} happens now (one line on {@code err}). */
    static StopRequest onStopSignal(PrintWriter err, String what) {
        StopRequest stop = new StopRequest();
        handle("INT", 130, "Ctrl-C", stop, what, err);
        handle("TERM", 143, "SIGTERM", stop, what, err);
        return stop;
    }

    private static void handle(String signal, int haltCode, String name, StopRequest stop, String what, PrintWriter err) {
        AtomicBoolean seen = new AtomicBoolean();
        try {
            Signal.handle(new Signal(signal), sig -> {
                if (seen.getAndSet(true)) {
                    Runtime.getRuntime().halt(haltCode);
                }
                if (stop.isRequested()) {
                    return;
                }
                stop.request();
                err.println("tailor: " + name + ": " + what + " (" + name + " again to quit at once)");
                err.flush();
            });
        } catch (IllegalArgumentException unavailable) {
            // Not available on this platform or in this JVM (e.g. -Xrs): runs stop only when they end.
        }
    }
}
