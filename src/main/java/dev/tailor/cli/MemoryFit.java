package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.NetSpec;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * What memory a network needs against what the machine has, so that a far too wide network is one
 * line of bad input rather than an engine allocation failure with a trace.
 */
final class MemoryFit {
    private MemoryFit() {
    }

    /**
     * Refuses a network whose float32 weights alone exceed the machine's physical memory: training
     * also keeps gradients, momentum and activations, so such a network can never run here.
     */
    static void requireWeightsFit(NetSpec net, String option) {
        requireWeightsFit(net, option, physicalMemoryBytes());
    }

    static void requireWeightsFit(NetSpec net, String option, long machineBytes) {
        long params = net.graph().totalParams();
        // A parameter count past Long.MAX_VALUE / 4 cannot be held anywhere; saturate rather than overflow.
        long bytes = params > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : params * 4;
        if (bytes > machineBytes) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s: %s would have %,d parameters (%s as float32), more than this machine's %s of memory; choose a smaller %s",
                    option, net.model(), params, size(bytes), size(machineBytes), option.split(" ")[0]));
        }
    }

    /**
     * The engine's allocation failure as one line, or empty when {@code ex} is something else.
     * libtorch reports it as "DefaultCPUAllocator: can't allocate memory: you tried to allocate N bytes".
     *
     * @param smaller the command's options that would shrink what it allocates ({@code --batch}, {@code --width}), to suggest
     */
    static Optional<String> outOfMemory(Throwable ex, java.util.List<String> smaller) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof ai.djl.engine.EngineException && m != null && m.contains("allocate memory")) {
                java.util.regex.Matcher n = java.util.regex.Pattern.compile("allocate (\\d+) bytes").matcher(m);
                String what = n.find() ? size(Long.parseLong(n.group(1))) + " more" : "more memory";
                return Optional.of("out of memory: the engine could not get " + what + " (this machine has "
                        + size(physicalMemoryBytes()) + ")" + (smaller.isEmpty() ? "" : "; use a smaller " + String.join(" or ", smaller)));
            }
        }
        return Optional.empty();
    }

    static long physicalMemoryBytes() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    /** Bytes in binary units, e.g. "23.4 GiB". */
    static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
