package dev.tailor.cli;

import ai.djl.engine.Engine;
import dev.tailor.train.RunRecord;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a run-producing command records in its folder's run.json when it starts: command, options, machine, date. */
final class RunRecords {
    private RunRecords() {
    }

    /** Adds this invocation of {@code spec}'s command to {@code dir/run.json}. */
    static void append(CommandSpec spec, Path dir) {
        RunRecord.append(dir, invocation(spec, Instant.now()), spec.commandLine().getErr());
    }

    static RunRecord.Invocation invocation(CommandSpec spec, Instant started) {
        var parsed = spec.root().commandLine().getParseResult();
        List<String> argv = parsed == null ? List.of() : parsed.originalArgs();
        return new RunRecord.Invocation(spec.name(), argv, options(spec), started.truncatedTo(ChronoUnit.SECONDS).toString(), machine());
    }

    /** Every option by its longest name with the value it ran with, defaults included; --help and --version left out. */
    static Map<String, String> options(CommandSpec spec) {
        Map<String, String> m = new TreeMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            Object v = o.getValue();
            m.put(o.longestName(), v == null ? "" : v instanceof Collection<?> c
                    ? c.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(v));
        }
        return m;
    }

    static RunRecord.Machine machine() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
        String java = Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")";
        String osName = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        MachineInfo cpu = MachineInfo.current();
        return new RunRecord.Machine(cpu.cpuModel() + " (" + cpu.instructionSet() + ")", cpu.cores(), Math.round(memory / (double) (1L << 30) * 10) / 10.0,
                osName, java, Engine.getDjlVersion(), engine(), System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
    }

    /** "PyTorch 2.7.1" (loads the engine, which the command is about to use anyway). */
    private static String engine() {
        try {
            Engine e = Engine.getInstance();
            return e.getEngineName() + " " + e.getVersion();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "unavailable (" + e.getClass().getSimpleName() + ")";
        }
    }
}
