package dev.tailor.cli;

import dev.tailor.train.StopRequest;
import sun.misc.Signal;

import java.io.PrintWriter;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a training command: the first asks the run to stop after the
 * current step (it saves a checkpoint and the command exits with 130); a second ends the process at
 * once. SIGTERM is what a cluster scheduler sends at a time limit or pre-emption, and what a
 * process manager sends to stop a job; left to the JVM's default it would exit in the middle of a
 * native training step, which can crash libtorch as its globals are torn down under that step.
 */
final class Interrupts {
    private Interrupts() {
    }

    /** A stop request that the next Ctrl-C or SIGTERM sets; the handlers are the process's from now on. */
    static StopRequest onStopSignal(PrintWriter err) {
        StopRequest stop = new StopRequest();
        handle("INT", 130, "Ctrl-C", stop, err);
        handle("TERM", 143, "SIGTERM", stop, err);
        return stop;
    }

    private static void handle(String signal, int haltCode, String name, StopRequest stop, PrintWriter err) {
        try {
            Signal.handle(new Signal(signal), sig -> {
                if (stop.isRequested()) {
                    Runtime.getRuntime().halt(haltCode);
                }
                stop.request();
                err.println("tailor: " + name + ": stopping after this step to save a checkpoint (" + name + " again to quit at once)");
                err.flush();
            });
        } catch (IllegalArgumentException unavailable) {
            // Not available on this platform or in this JVM (e.g. -Xrs): runs stop only when they end.
        }
    }
}
