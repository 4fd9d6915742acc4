package dev.tailor.cli;

import dev.tailor.data.DataSource;
import dev.tailor.data.DatasetKind;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.ExperimentPlan;
import dev.tailor.experiment.GridJob;
import dev.tailor.handoff.ExportOptions;
import dev.tailor.handoff.Exporter;
import dev.tailor.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** The main job on a fresh clone. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole story on Fashion-MNIST and print accuracy and hardware estimates side by side.",
                "Trains a ResNet-8 teacher and a short-skip teacher, runs SkipRemover and SkipShortener, and writes everything "
                + "under runs/demo/, with each tailored network exported for hls4ml under runs/demo/export/. The two chains "
                + "(teacher then SkipRemover, short teacher then SkipShortener) run side by side, one worker each with the cores "
                + "split between them (unless --workers or --threads-per-worker says otherwise). The quick preset took 7.3 minutes "
                + "on an idle 2-core AMD EPYC Zen 5 (11.3 with one 2-thread worker); BENCHMARKS.md has the measurements. --preset paper uses the paper's schedule (days on a CPU). Fashion-MNIST "
                + "comes from Debian's dataset-fashion-mnist, fetched into ~/.cache/tailor without root if missing."})
public final class DemoCommand implements Callable<Integer> {
    /** The demo's schedules. */
    enum Preset {
        quick, paper
    }

    @Spec
    CommandSpec spec;
    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's IDX files (default: look in the Debian location and the cache).")
    Path data;
    @Option(names = "--preset", defaultValue = "quick",
            description = "${COMPLETION-CANDIDATES}: quick (7-8 min on 2 cores, more on older CPUs) or paper (200 epochs, batch 32, lr 0.1 x0.1 every 30, N = 3). Default: ${DEFAULT-VALUE}.")
    Preset preset;
    @Option(names = "--out", defaultValue = "runs/demo", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights, data order and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--seeds", split = ",", paramLabel = "S,S,...",
            description = "Run the demo once per seed (OUT/seed-S/) and report mean ± sd and paired comparisons.")
    List<Long> seeds;
    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (0: whole epochs); for a quick trial run.")
    int maxSteps;
    @Option(names = "--control", description = "Also train each teacher on for the students' epochs (the 'continued' arm), so that the "
            + "headline compares each tailored network with its teacher at equal training. Adds the students' training time again.")
    boolean control;
    @Mixin
    ExecutorOptions executor;
    @Mixin
    SynthOptions synth;

    @Override
    public Integer call() {
        new RunDirectory(out).checkWritable();
        synth.check();
        spec.commandLine().getOut().println("Tailor demo (" + preset + "): ResNet-8 on Fashion-MNIST -> " + out);
        ExperimentPlan plan = switch (preset) {
            case quick -> ExperimentPlan.quickDemo(out, seed, maxSteps);
            case paper -> ExperimentPlan.paperDemo(out, seed, maxSteps);
        };
        if (seeds != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
                throw new InvalidInputException("--seed and --seeds: give one of them");
            }
            plan = plan.withSeeds(seeds);
        }
        if (control) {
            plan = plan.withControl();
        }
        // The teacher → SkipRemover and short teacher → SkipShortener chains do not wait for each other.
        executor.oneWorkerPerChain(2, spec.commandLine().getParseResult());
        ExperimentCommand.run(plan, new DataSource(DatasetKind.FASHION_MNIST, data, null), executor, spec).ifPresent(ran -> {
            exportTailored(ran);
            synth.run(ran, out, spec.commandLine().getOut(), spec.commandLine().getErr());
        });
        return 0;
    }

    /** The hand-off: each tailored network (of every seed) as ONNX plus an hls4ml project, under export/. */
    private void exportTailored(ExperimentCommand.Ran ran) {
        PrintWriter w = spec.commandLine().getOut();
        for (ArmResult r : ran.results().results()) {
            if (r.arm() != Arm.TAILOR) {
                continue;
            }
            GridJob job = ran.grid().job(r);
            Path checkpoint = new RunDirectory(ran.grid().dir(job)).best();
            Path dir = out.resolve("export").resolve(job.key());
            // As tailor export with no option writes it: the default plan's types, the design quantize simulates by default.
            Exporter.Result e = Exporter.export(checkpoint, dir, ExportOptions.defaults().withTarget(ExportCommand.defaultTarget(r.spec())));
            w.println("exported " + r.label() + " (" + e.network() + ") to " + dir + ": " + Exporter.MODEL + ", " + Exporter.HLS_MODEL + ", "
                    + Exporter.CONFIG + ", " + Exporter.ESTIMATE + ", " + Exporter.SCRIPT + " (types: the default plan)");
        }
        w.flush();
    }
}
