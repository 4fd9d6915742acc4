package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.RunFailedException;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.GridJob;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.report.HtmlReport;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.synth.SynthSummary;
import dev.tailor.synth.YosysSynthesis;
import dev.tailor.train.RunDirectory;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code --synth} of demo and experiment: once the networks are trained, each distinct network
 * (the teacher and every Tailor arm, of the first seed) is generated as RTL at 8 bits and
 * synthesized with Yosys, under {@code OUT/synth/<job>/}, through the same {@code rtl} and
 * {@code synth} commands a user runs; the report then shows the measured counts beside the estimates.
 */
final class SynthOptions {
    @Option(names = "--synth", description = "After training, generate the teacher and each tailored network as Verilog (8 bits) and "
            + "synthesize it with Yosys (synth_xilinx, not Vivado) under OUT/synth/; the report shows the measured counts beside the "
            + "estimates. Slow: minutes per network (docs/synthesis.md). Needs yosys.")
    boolean synth;

    @Option(names = "--synth-fifo", defaultValue = "hls4ml", paramLabel = "MODE",
            description = "FIFO depths of the synthesized designs (as tailor rtl --fifo): default, hls4ml or optimized. Default: ${DEFAULT-VALUE}.")
    DataflowConfig.FifoMode fifo;

    /** Before training: a missing Yosys is found now, not after hours of training. */
    void check() {
        if (fifo == DataflowConfig.FifoMode.FIXED) {
            throw new InvalidInputException("--synth-fifo fixed: a fixed depth can deadlock a residual design; use default, hls4ml or optimized");
        }
        if (synth) {
            YosysSynthesis.requireYosys(YosysSynthesis.TOOL);
        }
    }

    /** The networks synthesized: the teacher and the Tailor arms of the first seed. */
    static List<ArmResult> chosen(List<ArmResult> results) {
        long first = results.stream().mapToLong(ArmResult::seed).min().orElse(0);
        return results.stream().filter(r -> r.seed() == first && (r.arm() == Arm.TEACHER || r.arm() == Arm.TAILOR)).toList();
    }

    /** Generates and synthesizes the chosen networks, as many at once as the machine has cores, then rewrites the report. */
    void run(ExperimentCommand.Ran ran, Path out, PrintWriter w, PrintWriter err) {
        if (!synth) {
            return;
        }
        List<ArmResult> chosen = chosen(ran.results().results());
        int threads = Math.max(1, Math.min(chosen.size(), Runtime.getRuntime().availableProcessors()));
        w.printf(Locale.ROOT, "synthesizing %d networks with Yosys (%d at a time, minutes each) under %s%n", chosen.size(), threads,
                out.resolve(HtmlReport.SYNTH_DIR));
        w.flush();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> done = new ArrayList<>();
        for (ArmResult r : chosen) {
            GridJob job = ran.grid().job(r);
            Path checkpoint = new RunDirectory(ran.grid().dir(job)).best();
            Path dir = out.resolve(HtmlReport.SYNTH_DIR).resolve(job.key().replace('/', '-'));
            done.add(pool.submit(() -> one(r.label(), checkpoint, dir)));
        }
        pool.shutdown();
        List<String> failed = new ArrayList<>();
        for (Future<String> f : done) {
            try {
                String line = f.get();
                if (line.startsWith("failed")) {
                    failed.add(line);
                }
                w.println("  " + line);
                w.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
                throw new RunFailedException("synthesis interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        ReportCommand.write(List.of(out), out.resolve("report.html"), err);
        if (!failed.isEmpty()) {
            throw new RunFailedException(failed.size() + " of " + chosen.size() + " syntheses failed: " + failed.get(0));
        }
    }

    /** One network through rtl and synth; one line on how it went. */
    private String one(String label, Path checkpoint, Path dir) {
        List<String> rtl = new ArrayList<>(List.of("rtl", "--checkpoint", checkpoint.toString(), "--precision", "8,3", "--fifo", fifo.toString(),
                "--out", dir.toString()));
        StringWriter log = new StringWriter();
        PrintWriter p = new PrintWriter(log, true);
        if (TailorCli.run(p, p, rtl.toArray(String[]::new)) != 0 || TailorCli.run(p, p, "synth", dir.toString()) != 0) {
            String last = log.toString().strip().lines().reduce((a, b) -> b).orElse("");
            return "failed: " + label + " (" + dir + "): " + last;
        }
        SynthSummary s = SynthSummary.read(dir);
        Resources m = s.measured();
        Resources e = s.estimate();
        return String.format(Locale.ROOT, "%s: LUT %,d (estimated %,d), FF %,d (%,d), BRAM18 %d (%d), DSP %d (%d) in %.0f s: %s", label,
                m.lut(), e.lut(), m.ff(), e.ff(), m.bram18(), e.bram18(), m.dsp(), e.dsp(), s.seconds(), dir.resolve(SynthSummary.FILE));
    }
}
