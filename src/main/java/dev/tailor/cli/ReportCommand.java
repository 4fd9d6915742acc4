package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** One HTML page (and its Markdown twin) for run folders, finished or not. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page with tables and charts for run folders.",
                "It holds the accuracy and hardware-estimate tables, training curves with the alterations marked, bar charts per "
                        + "variant, accuracy vs BRAM18 and vs DRAM traffic, the plan space's Pareto front (where plans.csv exists), and the "
                        + "command, options, machine and date of each run.",
                "Also writes the same content as Markdown (FILE.md) and every chart as PNG (FILE-charts/). Works on stopped "
                        + "runs; a missing or damaged file is named in one line and the rest is shown. demo and experiment write one at "
                        + "the end.",
                "Example: tailor report runs/demo"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "RUN_DIR", arity = "1..*",
            description = "Run folders: an experiment's (one folder per arm) or a single train/alter run's.")
    List<Path> dirs;
    @Option(names = "--html", paramLabel = "FILE.html", description = "The page (default: report.html in the first RUN_DIR).")
    Path out;

    /** The old spelling: --out names a folder in every other command. */
    @Option(names = "--out", hidden = true)
    void oldOut(String ignored) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--out: report now takes the page as --html FILE.html (--out names an output folder in Tailor's other commands)");
    }

    @Override
    public Integer call() {
        Path html = out != null ? out : dirs.get(0).resolve("report.html");
        if (!html.getFileName().toString().matches(".*\\.html?")) {
            throw new InvalidInputException("--html " + html + ": expected a file name ending in .html");
        }
        HtmlReport.Written w = write(dirs, html, spec.commandLine().getErr());
        spec.commandLine().getOut().println("written: " + w.html() + ", " + w.markdown().getFileName() + ", " + w.charts() + " charts in "
                + w.pngFolder().getFileName() + "/");
        return 0;
    }

    /** Writes the report, naming each file that could not be read on {@code err}; shared with experiment and demo. */
    static HtmlReport.Written write(List<Path> dirs, Path html, PrintWriter err) {
        HtmlReport.Written w = HtmlReport.write(dirs, html, HardwareConfig.reference(), Instant.now());
        w.problems().forEach(p -> err.println("tailor report: " + p));
        err.flush();
        return w;
    }
}
