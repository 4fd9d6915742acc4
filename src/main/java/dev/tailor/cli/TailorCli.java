package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.InvalidSettingException;
import dev.tailor.errors.Messages;
import dev.tailor.errors.RunFailedException;
import dev.tailor.errors.RunInterruptedException;
import dev.tailor.kernels.KernelChooser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry point: {@code tailor <command>}. Exit codes: 0 done; 2 bad input (one line naming the
 * file or option); 1 a run that could not go on (one line: what was kept) or an internal error
 * (a stack trace: that is a bug); 130 stopped by Ctrl-C after saving.
 */
@Command(name = "tailor", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Retrain a ResNet while gradually removing or shortening its skip connections,",
                "and estimate what that saves on FPGA dataflow and PE-array hardware."},
        subcommands = {ModelsCommand.class, TrainCommand.class, EvaluateCommand.class, AlterCommand.class, ExperimentCommand.class,
                GridJobCommand.class, DemoCommand.class, DoctorCommand.class, EstimateCommand.class, QuantizeCommand.class, ExportCommand.class, RtlCommand.class, SynthCommand.class, ImportCommand.class, ReportCommand.class,
                BenchCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class TailorCli implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int FAILED = 1;
    public static final int INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    /**
     * The program: JVM-wide settings are made here, once, and never by a library call or a class
     * being loaded. Worker JVMs of {@code tailor experiment} start here too; tests set the same
     * properties through the build (pom.xml, surefire).
     */
    public static void main(String[] args) {
        // DJL probes a cloud metadata address at start-up unless told it is offline.
        setUnlessGiven("ai.djl.offline", "true");
        // The report's charts are drawn off screen: a server or CI machine has no display.
        setUnlessGiven("java.awt.headless", "true");
        KernelCacheSetting.apply(KernelChooser.shared());
        System.exit(run(args));
    }

    /** A system property the command line (e.g. {@code -Dai.djl.offline=false}) did not set. */
    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the CLI on the process's standard streams and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with its output and errors going to the given writers (tests read them). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TailorCli());
        Labels.registerConverters(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        HelpWrapping.install(cli);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter e = cmd.getErr();
            int code = exitCode(ex);
            java.util.Optional<String> oom = MemoryFit.outOfMemory(ex, java.util.stream.Stream.of("--batch", "--width")
                    .filter(o -> cmd.getCommandSpec().findOption(o) != null).toList());
            if (oom.isPresent()) {
                e.println("tailor: " + oom.get());
            } else if (code == FAILED && !(ex instanceof RunFailedException) && !(ex instanceof UncheckedIOException)) {
                ex.printStackTrace(e);
                e.println("tailor: internal error (a bug, not your input): " + ex);
            } else {
                e.println("tailor: " + userMessage(ex, cmd.getCommandSpec()));
            }
            e.flush();
            return code;
        });
        cli.setParameterExceptionHandler((ex, args2) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("tailor: " + ParameterMessages.of(ex) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            e.flush();
            return BAD_INPUT;
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }

    /** A setting named by the layers below is shown as the flag this command has for it. */
    static String userMessage(Exception ex, CommandSpec command) {
        if (ex instanceof InvalidSettingException s && command.findOption("--" + s.setting()) != null) {
            return "--" + s.getMessage();
        }
        return ex.getMessage();
    }

    /** Bad input 2, stopped 130, everything else 1. */
    static int exitCode(Exception ex) {
        if (ex instanceof InvalidInputException) {
            return BAD_INPUT;
        }
        if (ex instanceof RunInterruptedException) {
            return INTERRUPTED;
        }
        return FAILED;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
