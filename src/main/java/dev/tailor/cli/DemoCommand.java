package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.data.DatasetKind;
import dev.tailor.data.Datasets;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.Experiment;
import dev.tailor.experiment.ExperimentPlan;
import dev.tailor.handoff.ExportOptions;
import dev.tailor.handoff.Exporter;
import dev.tailor.train.RunDirectory;
import picocli.CommandLine.Command;
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
                + "under runs/demo/, with each tailored network exported for hls4ml under runs/demo/export/. The quick preset takes about 10 minutes on an idle 2-core machine (BENCHMARKS.md has the "
                + "measured range and CPUs); --preset paper uses the paper's schedule (days on a CPU). Fashion-MNIST comes from Debian's "
                + "dataset-fashion-mnist, fetched into ~/.cache/tailor without root if missing."})
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
            description = "${COMPLETION-CANDIDATES}: quick (about 10 min) or paper (200 epochs, batch 32, lr 0.1 x0.1 every 30, N = 3). Default: ${DEFAULT-VALUE}.")
    Preset preset;
    @Option(names = "--out", defaultValue = "runs/demo", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights, data order and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (0: whole epochs); for a quick trial run.")
    int maxSteps;

    @Override
    public Integer call() {
        new RunDirectory(out).checkWritable();
        DataSplits splits = Datasets.load(DatasetKind.FASHION_MNIST, data, null, seed, spec.commandLine().getOut());
        spec.commandLine().getOut().println("Tailor demo (" + preset + "): ResNet-8 on Fashion-MNIST -> " + out);
        ExperimentPlan plan = switch (preset) {
            case quick -> ExperimentPlan.quickDemo(out, seed, maxSteps);
            case paper -> ExperimentPlan.paperDemo(out, seed, maxSteps);
        };
        List<ArmResult> results = ExperimentCommand.run(plan, splits, spec);
        exportTailored(results);
        return 0;
    }

    /** The hand-off: each tailored network as ONNX plus an hls4ml project, under export/. */
    private void exportTailored(List<ArmResult> results) {
        PrintWriter w = spec.commandLine().getOut();
        for (ArmResult r : results) {
            if (r.arm() != Arm.TAILOR) {
                continue;
            }
            Path checkpoint = new RunDirectory(Experiment.armDir(out, r.arm(), r.target())).best();
            Path dir = Experiment.armDir(out.resolve("export"), r.arm(), r.target());
            Exporter.Result e = Exporter.export(checkpoint, dir, ExportOptions.defaults());
            w.println("exported " + r.label() + " (" + e.network() + ") to " + dir + ": " + Exporter.MODEL + ", " + Exporter.CONFIG
                    + ", " + Exporter.ESTIMATE + ", " + Exporter.SCRIPT);
        }
        w.flush();
    }
}
