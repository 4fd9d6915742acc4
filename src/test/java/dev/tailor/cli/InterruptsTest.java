package dev.tailor.cli;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A run's stop handlers are the process's only while the run goes on. */
class InterruptsTest {

    @Test
    void closingPutsBackTheHandlersThatWereThere() {
        Map<Signal, SignalHandler> jvm = new LinkedHashMap<>();
        Map<Signal, SignalHandler> mine = new LinkedHashMap<>();
        try {
            for (String name : List.of("TERM", "INT")) {
                Signal sig = new Signal(name);
                SignalHandler h = s -> {
                };
                jvm.put(sig, Signal.handle(sig, h));
                // A signal the process was started ignoring (SIGINT in a background job) stays ignored: the JVM installs nothing.
                if (Signal.handle(sig, h) == h) {
                    mine.put(sig, h);
                }
            }
            assumeTrue(!mine.isEmpty(), "this process ignores SIGTERM and SIGINT: no handler can be installed");
            try (Interrupts interrupts = Interrupts.onStopSignal(new PrintWriter(new StringWriter()))) {
                assertThat(interrupts.request().isRequested()).isFalse();
                mine.forEach((sig, h) -> {
                    // While the run goes on, its own handler is installed (handle returns what it replaces;
                    // the probe is a handler too: once a signal is set to SIG_IGN the JVM installs none for it).
                    SignalHandler probe = s -> {
                    };
                    SignalHandler during = Signal.handle(sig, probe);
                    Signal.handle(sig, during);
                    assertThat(during).as(sig.getName()).isNotSameAs(h);
                });
            }
            mine.forEach((sig, h) -> assertThat(Signal.handle(sig, h)).as(sig.getName()).isSameAs(h));
        } finally {
            jvm.forEach(Signal::handle);
        }
    }
}
