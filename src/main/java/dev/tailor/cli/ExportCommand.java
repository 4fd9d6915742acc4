package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.OutputTargets;
import dev.tailor.fixedpoint.DefaultPlan;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.handoff.ExportOptions;
import dev.tailor.handoff.Exporter;
import dev.tailor.handoff.HlsTarget;
import dev.tailor.hardware.compare.FitAdvice;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.PartChoice;
import dev.tailor.net.Layer;
import dev.tailor.net.NetSpec;
import dev.tailor.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Writes a checkpoint's network as ONNX plus an hls4ml project. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a checkpoint's network as ONNX, with an hls4ml project for it.",
                "DIR gets model.onnx (NCHW float input, normalised as the checkpoint says; node names from our layer names; "
                        + "every tensor's shape in value_info), model_hls.onnx (the same network channels-last, as hls4ml's ONNX "
                        + "front end reads it without qonnx), hls4ml_config.yml with every layer's types and estimate.json, both "
                        + "from the options below (the same as tailor estimate's dataflow options, so the estimate is the one tailor "
                        + "estimate prints for them), and run_hls4ml.py, which converts and compiles the project where hls4ml is "
                        + "installed and can compare its C simulation with quantize --per-image value by value (docs/handoff.md).",
                "Example: tailor export --checkpoint runs/remover/best.ckpt",
                "           --out runs/remover/export --fifo hls4ml"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A .ckpt written by train, alter, experiment or import.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the four files (created if missing).")
    Path out;

    @Option(names = "--keep-bn", description = "Write BatchNormalization nodes instead of folding every BatchNorm into its conv (the "
            + "default, which is the design estimate.json costs; hls4ml fuses a BN node into its conv only when the conv has no result "
            + "precision of its own).")
    boolean keepBatchNorm;

    /** The old switch: folding is now the default. */
    @Option(names = "--fold-bn", hidden = true)
    void foldIsTheDefault(boolean ignored) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--fold-bn: BatchNorm is now folded by default; --keep-bn writes BatchNormalization nodes instead");
    }

    @Option(names = "--opset", defaultValue = "13", paramLabel = "N", description = "ONNX operator set, 11 to 21. Default: ${DEFAULT-VALUE}.")
    int opset;

    @Mixin
    DataflowOptions hardware;

    @Option(names = "--integer-bits", paramLabel = "BITS",
            description = "Integer bits (sign included) of the activations' ap_fixed<W,I> in hls4ml_config.yml "
                    + "(default: half of each layer's activation bits, rounded up).")
    Integer integerBits;

    @Override
    public Integer call() {
        OutputTargets.folder(out, "--out");
        Checkpoint ck = Checkpoint.load(checkpoint);
        NetSpec net = ck.spec();
        Set<String> layers = net.graph().layers().stream().map(Layer::name).collect(Collectors.toSet());
        hardware.checkLayerNames(layers, net.describe(), net);
        if (hardware.plan() != null && integerBits != null) {
            throw new InvalidInputException("--integer-bits: the design has types (" + (hardware.precisionFile != null ? "--precision-file "
                    + hardware.precisionFile : hardware.precision != null ? "--precision " + hardware.precision : "the default plan")
                    + "), whose integer bits it writes; give them in the type, --precision W,I, or with width options alone");
        }
        if (hardware.shortSkips == DataflowConfig.ShortSkips.FUSED) {
            throw new InvalidInputException("--short-skips fused: stock hls4ml builds the exported short skips as layers of their own "
                    + "(--short-skips hls4ml, export's only structure); Tailor's fused design is generated by tailor rtl");
        }
        hardware.shortSkips = DataflowConfig.ShortSkips.HLS4ML;
        DataflowConfig dataflow = hardware.config(net);
        int activation = dataflow.precision().activationBits();
        if (integerBits != null && (integerBits < 1 || integerBits > activation)) {
            throw new InvalidInputException("--integer-bits must be between 1 and the activation bits (" + activation + "), not " + integerBits);
        }
        HlsTarget target = new HlsTarget(dataflow, hardware.part(), integerBits == null ? 0 : integerBits, hardware.plan());
        Exporter.Result r = Exporter.export(ck, checkpoint, out, new ExportOptions(!keepBatchNorm, opset, target));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "exported %s to %s: %s (%.1f KB), %s, %s, %s, %s%n", r.network(), out, Exporter.MODEL, size(r.model()) / 1024.0,
                Exporter.HLS_MODEL, Exporter.CONFIG, Exporter.ESTIMATE, Exporter.SCRIPT);
        w.println(hardware.typesLine());
        w.println("next: python3 " + r.script() + " where hls4ml is installed (docs/handoff.md; it is not installed with Tailor)");
        HardwareConfig fitted = new HardwareConfig(dataflow, null, hardware.part());
        w.print(FitAdvice.line(java.util.List.of(new HardwareEstimator(fitted).estimate("the exported design", net)), fitted));
        w.flush();
        return 0;
    }

    /**
     * What {@code tailor export --checkpoint CKPT} writes with no hardware option: the default plan's
     * types, its widths costed, the reference design otherwise. The demo's hand-off uses it too.
     */
    static HlsTarget defaultTarget(NetSpec net) {
        PrecisionPlan plan = DefaultPlan.plan();
        PlanWidths w = PlanWidths.of(plan, net);
        DataflowConfig cfg = DataflowConfig.builder().precision(w.global()).layerPrecision(w.layers()).build();
        return new HlsTarget(cfg, PartChoice.of(FpgaPart.XC7Z020), 0, plan);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
