package dev.tailor.executor;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command a worker process runs, before a task's arguments, and the engine threads it may use.
 * By default it is this JVM again (same java, heap and settings, same class path) with the thread
 * count set; on a cluster it can be any shell command that starts Tailor on a compute node.
 *
 * @param prefix  argv before the task's arguments
 * @param shell   true: {@code prefix} is one shell command line (run as {@code sh -c 'LINE "$@"'})
 * @param threads the engine's intra-op threads; also exported as {@code TAILOR_THREADS}
 */
public record WorkerCommand(List<String> prefix, boolean shell, int threads) {
    /** The engine's thread-count property (the launcher sets it from TAILOR_THREADS). */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    /** System properties a worker inherits from this JVM when they are set here. */
    private static final List<String> FORWARDED = List.of("ai.djl.offline", "ai.djl.pytorch.num_interop_threads", "tailor.layout",
            "org.slf4j.simpleLogger.defaultLogLevel", "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils");

    public WorkerCommand {
        prefix = List.copyOf(prefix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("a worker command cannot be empty");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("a worker needs at least one thread, got " + threads);
        }
    }

    /** This JVM again, running {@code mainClass}, with {@code threads} engine threads. */
    public static WorkerCommand thisJvm(String mainClass, int threads) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger's port would clash; the thread count is the worker's own; forwarded properties come below.
            boolean forwarded = FORWARDED.stream().anyMatch(p -> arg.startsWith("-D" + p + "="));
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-D" + THREADS_PROPERTY + "=") && !forwarded) {
                cmd.add(arg);
            }
        }
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-D" + THREADS_PROPERTY + "=" + threads);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(mainClass);
        return new WorkerCommand(cmd, false, threads);
    }

    /** This JVM's class path with every entry absolute: a worker may start in another folder. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    /** A shell command line, e.g. {@code /shared/tailor/tailor}; the task's arguments are appended. */
    public static WorkerCommand shellLine(String line, int threads) {
        if (line.isBlank()) {
            throw new IllegalArgumentException("a worker command cannot be blank");
        }
        return new WorkerCommand(List.of(line), true, threads);
    }

    /** The full argv of one task. */
    public List<String> argv(List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (shell) {
            cmd.addAll(List.of("/bin/sh", "-c", prefix.get(0) + " \"$@\"", "tailor-worker"));
        } else {
            cmd.addAll(prefix);
        }
        cmd.addAll(args);
        return cmd;
    }

    /** The command as one line of a shell script, to which a script appends {@code "$@"}. */
    public String scriptLine() {
        return shell ? prefix.get(0) : String.join(" ", prefix.stream().map(WorkerCommand::quote).toList());
    }

    /** What a worker finds in its environment. */
    public Map<String, String> environment() {
        return Map.of("TAILOR_THREADS", Integer.toString(threads));
    }

    /** Single-quoted for sh. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
