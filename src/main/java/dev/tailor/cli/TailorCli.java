package dev.tailor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Entry point: {@code tailor <command>}. User errors print one line and exit with code 2. */
@Command(name = "tailor", mixinStandardHelpOptions = true, version = "tailor 0.1.0",
        description = {"Retrain a ResNet while gradually removing or shortening its skip connections,",
                "and estimate what that saves on FPGA dataflow and PE-array hardware."},
        subcommands = {ModelsCommand.class, TrainCommand.class, EvaluateCommand.class, AlterCommand.class, ExperimentCommand.class, DemoCommand.class, EstimateCommand.class, ExportCommand.class, ImportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class TailorCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int run(String... args) {
        // DJL probes a cloud metadata address at start-up unless told it is offline.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        CommandLine cli = new CommandLine(new TailorCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable e = ex;
            if (isUserError(e)) {
                cmd.getErr().println("tailor: " + e.getMessage());
                return 2;
            }
            throw ex;
        });
        cli.setParameterExceptionHandler((ex, args2) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("tailor: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cli.execute(args);
    }

    static boolean isUserError(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                || e instanceof dev.tailor.data.DataFormatException || e instanceof dev.tailor.errors.InvalidInputException;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
