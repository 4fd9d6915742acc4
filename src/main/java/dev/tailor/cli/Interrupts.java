package dev.tailor.cli;

import dev.tailor.train.StopRequest;
import sun.misc.Signal;

import java.io.PrintWriter;

/**
 * Ctrl-C during a training command: the first one asks the run to stop after the current step
 * (it saves a checkpoint and the command exits with 130); a second one ends the process at once.
 */
final class Interrupts {
    private Interrupts() {
    }

    /** A stop request that the next Ctrl-C sets; the handler is the process's from now on. */
    static StopRequest onCtrlC(PrintWriter err) {
        StopRequest stop = new StopRequest();
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (stop.isRequested()) {
                    Runtime.getRuntime().halt(130);
                }
                stop.request();
                err.println("tailor: stopping after this step to save a checkpoint (Ctrl-C again to quit at once)");
                err.flush();
            });
        } catch (IllegalArgumentException unavailable) {
            // No SIGINT on this platform or in this JVM (e.g. -Xrs): runs stop only when they end.
        }
        return stop;
    }
}
