package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.IntegerFit;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.Profile;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Weights;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.nn.FakeQuantizer;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Console;
import dev.tailor.train.RunDirectory;
import dev.tailor.train.TrainConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Quantisation-aware training for train and alter (docs/fixed-point.md, "QAT"). */
public final class QatOptions {
    /** Bias width of a --qat plan: wide enough that only weights and activations are really narrow. */
    static final int BIAS_BITS = 16;

    @Option(names = "--qat", paramLabel = "W,A",
            description = "Quantisation-aware training: weights fake-quantised to W bits and activations to A bits (straight-through gradients), "
                    + "integer bits from the starting network's ranges on training images, AP_TRN and AP_SAT, biases " + BIAS_BITS
                    + " bits, accumulators auto; validation then measures the fixed-point network. The KD teacher stays float.")
    String qat;

    @Option(names = "--qat-plan", paramLabel = "FILE", description = "Train quantisation-aware against this precision file instead (e.g. from 'quantize --profile').")
    Path planFile;

    @Option(names = "--qat-ranges-from", paramLabel = "CKPT",
            description = "Measure the --qat integer bits on this checkpoint's network (e.g. the float model when training from scratch) instead of the starting one.")
    Path calibrateOn;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    /** The old name, beside --qat-calibration (a count of images), read as one option too often: refused with the new one. */
    @Option(names = "--qat-calibrate", hidden = true, paramLabel = "CKPT")
    void renamedCalibrate(String ignored) {
        throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
                "--qat-calibrate is now --qat-ranges-from CKPT (the network the --qat integer bits are measured on)");
    }

    @Option(names = "--qat-fit", paramLabel = "FIT",
            description = "How --qat chooses integer bits: max (hold the largest value of the calibration images, the default) or mse "
                    + "(least mean squared error: at 4-6 bits rare large values saturate and the rest keep fraction bits; docs/fixed-point.md).")
    IntegerFit fit;

    @Option(names = "--qat-freeze-bn",
            description = "Keep BatchNorm's running statistics as the starting network has them during QAT and normalise by them, as the "
                    + "deployed network does (fine-tuning a trained network; at 4 bits updating them can run away to NaN: docs/fixed-point.md).")
    boolean freezeBatchNorm;

    @Option(names = "--qat-calibration", defaultValue = "512", paramLabel = "N", converter = Counts.Positive.class,
            description = "Training images the --qat integer bits are measured on. Default: ${DEFAULT-VALUE}.")
    int calibration;

    /**
     * Puts {@code model} under QAT when asked. A resumed run keeps the plan its checkpoint holds;
     * otherwise the plan comes from --qat-plan or from ranges of the network that training starts
     * from ({@code start}) in each wiring it will have.
     */
    void apply(ResNetModel model, Weights start, List<NetSpec> wirings, DataSplits data, TrainConfig cfg, Console log) {
        if (qat == null && planFile == null) {
            if (freezeBatchNorm || calibrateOn != null || fit != null) {
                throw new InvalidInputException((freezeBatchNorm ? "--qat-freeze-bn" : calibrateOn != null ? "--qat-ranges-from" : "--qat-fit")
                        + " applies to quantisation-aware training: add --qat W,A" + (fit != null ? "" : " or --qat-plan FILE"));
            }
            return;
        }
        if (qat != null && planFile != null) {
            throw new InvalidInputException("give --qat W,A or --qat-plan FILE, not both");
        }
        if (fit != null && qat == null) {
            throw new InvalidInputException("--qat-fit chooses the integer bits of --qat W,A; a --qat-plan file has its own");
        }
        if (qat != null) {
            widths(); // checked before a resumed checkpoint or the calibration is read
        }
        RunDirectory run = new RunDirectory(cfg.outDir());
        Optional<PrecisionPlan> resumed = cfg.resume() ? run.resumePoint(Console.quiet()).flatMap(c -> c.qatPlan(c.file())) : Optional.empty();
        PrecisionPlan plan = resumed.or(() -> Optional.ofNullable(planFile).map(PrecisionPlan::read))
                .orElseGet(() -> calibrated(calibrateOn == null ? start : weightsOf(calibrateOn, start), wirings, data, cfg));
        if (!plan.hasDefault()) {
            throw new InvalidInputException(planFile + ": has no 'default:' line");
        }
        model.setFakeQuantizer(new FakeQuantizer(plan, freezeBatchNorm ? FakeQuantizer.BatchNormStatistics.FROZEN
                : FakeQuantizer.BatchNormStatistics.UPDATED));
        log.println("quantisation-aware: " + (resumed.isPresent() ? "the plan of the run resumed in " + run.path() : planFile != null ? planFile
                : "weights " + widths()[0] + " bits, activations " + widths()[1] + " bits, integer bits from " + calibration + " training images"
                + (fitOrDefault() == IntegerFit.MSE ? " (least squared error)" : "")
                + (calibrateOn == null ? "" : " through " + calibrateOn))
                + " (" + plan.keys().size() + " precision entries" + (freezeBatchNorm ? "; BatchNorm statistics frozen" : "") + ")");
    }

    private static Weights weightsOf(Path ckpt, Weights like) {
        Weights w = Checkpoint.load(ckpt).modelWeights();
        for (String name : like.names()) {
            if (!w.has(name) || !java.util.Arrays.equals(w.get(name).shape(), like.get(name).shape())) {
                throw new InvalidInputException(ckpt + ": not the same network as the one trained (" + name + " is missing or shaped differently)");
            }
        }
        return w;
    }

    private int[] widths() {
        InvalidInputException bad = new InvalidInputException("--qat '" + qat + "' must be W,A: weight and activation bits, 2 to 32 each (e.g. 8,8)");
        String[] p = qat.split(",", -1);
        if (p.length != 2) {
            throw bad;
        }
        int[] w = new int[2];
        try {
            w[0] = Integer.parseInt(p[0].strip());
            w[1] = Integer.parseInt(p[1].strip());
        } catch (NumberFormatException e) {
            throw bad;
        }
        if (w[0] < 2 || w[1] < 2 || w[0] > 32 || w[1] > 32) {
            throw bad;
        }
        return w;
    }

    private PrecisionPlan calibrated(Weights start, List<NetSpec> wirings, DataSplits data, TrainConfig cfg) {
        int[] w = widths();
        // The images and normalisation the training loop will use: the training part of its split.
        Dataset train = data.train().split(cfg.validationFraction(), cfg.seed()).train();
        Normalization norm = Normalization.of(train);
        float[] images = CalibrationImages.first(train, norm, calibration);
        int count = Math.min(calibration, train.size());
        List<Profile> profiles = wirings.stream().map(s -> Profile.of(
                new DeployedNetwork(s.graph(), start).apply(new FoldBatchNorm(), new MergeParallelConvs()), images, count)).toList();
        Profile p = Profile.merge(profiles);
        FixedType fallback = new FixedType(w[1], Math.min(w[1], Profile.integerBits(p.largestResult(), true)), true, Rounding.TRN, Overflow.SAT);
        return p.plan(new Profile.Widths(w[0], BIAS_BITS, w[1]), Rounding.TRN, Overflow.SAT,
                PrecisionPlan.uniform(fallback, PrecisionPlan.Setting.AUTO_ACCUMULATOR), fitOrDefault());
    }

    private IntegerFit fitOrDefault() {
        return fit == null ? IntegerFit.MAX : fit;
    }
}
