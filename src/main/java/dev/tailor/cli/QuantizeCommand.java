package dev.tailor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.DataPart;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;
import dev.tailor.files.OutputTargets;
import dev.tailor.fixedpoint.DefaultPlan;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.IntegerFit;
import dev.tailor.fixedpoint.LayerTypes;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.Profile;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Role;
import dev.tailor.net.Layer;
import dev.tailor.net.NetSpec;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.report.ProfileTable;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Evaluation;
import dev.tailor.train.FixedPointEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Fixed-point accuracy of a checkpoint, or the per-layer ranges that choose its precisions. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Evaluate a checkpoint as ap_fixed hardware would run it: fixed-point test top-1 beside the float top-1.",
                "The deployed network (BN folded) is simulated bit-exactly with hls4ml's semantics (docs/fixed-point.md).",
                "With --profile FILE, measure per-layer ranges on training images instead and write a precision file.",
                "Example: tailor quantize --checkpoint runs/demo/teacher/best.ckpt --dataset fashion-mnist --precision 8,3",
                "Example: tailor quantize --profile plan8.txt --checkpoint CKPT --dataset fashion-mnist --precision 8,3"})
public final class QuantizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOnData input;


    @Mixin
    PrecisionOptions precision;

    @Option(names = "--profile", paramLabel = "FILE", description = "Measure ranges and write a precision file to FILE instead of evaluating.")
    Path out;

    /** The old spelling: --out names a folder in every other command. */
    @Option(names = "--out", hidden = true)
    void oldOut(String ignored) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--out: quantize now takes the precision file as --profile FILE (--out names an output folder in Tailor's other commands)");
    }

    private boolean profile;

    @Option(names = "--calibration", defaultValue = "1000", paramLabel = "N", converter = Counts.Positive.class,
            description = "Training images --profile measures on. Default: ${DEFAULT-VALUE}.")
    int calibration;

    @Option(names = "--fit", defaultValue = "MAX", paramLabel = "FIT",
            description = "How --profile chooses integer bits: max (hold the largest value seen) or mse (least mean squared error: "
                    + "at 4-6 bits rare large values saturate and the rest keep fraction bits; needs --overflow sat). Default: max.")
    IntegerFit fit;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", converter = Counts.NonNegative.class, description = "Evaluate only the first N test images (0: all).")
    int limit;

    @Option(names = "--validation",
            description = "Evaluate on the validation images train/alter held out (the checkpoint's seed, --val-fraction) instead of the test split: a QAT run's validation top-1 is reproduced there.")
    boolean validation;

    @Option(names = "--val-fraction", defaultValue = "0.1", description = "The run's --val-fraction, for --validation. Default: ${DEFAULT-VALUE}.")
    double valFraction;

    @Option(names = "--exact", description = "Run every image through the bit-exact simulation, even where the engine's fast path is exact.")
    boolean exact;

    @Option(names = "--check", defaultValue = "32", paramLabel = "N", converter = Counts.NonNegative.class,
            description = "Images on which the fast path is compared bit for bit with the simulation. Default: ${DEFAULT-VALUE}.")
    int check;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path json;

    @Option(names = "--per-image", paramLabel = "FILE",
            description = "Also write every image's output to a CSV file: index, label, predicted class and the logits as the raw "
                    + "integers of their fixed-point type (value = raw / 2^fraction bits), to compare value by value with an "
                    + "outside simulation or an RTL test bench.")
    Path perImage;

    @Option(names = "--inputs", paramLabel = "FILE.npy",
            description = "With --per-image: also write the same images as the network takes them (normalised, float32, N x H x W x C, "
                    + "channels last as export's model_hls.onnx) to a NumPy file, so that run_hls4ml.py --compare can feed hls4ml "
                    + "exactly these values.")
    Path inputs;

    @Override
    public Integer call() {
        profile = out != null;
        if (profile && validation) {
            throw new InvalidInputException("--validation chooses the images to evaluate; --profile measures training images instead");
        }
        OptionRules.notWith(spec, profile, "--profile", "it measures ranges and writes the precision file it names",
                "--json", "--per-image", "--limit", "--exact", "--check");
        OptionRules.onlyWith(spec, profile, "--profile", "--calibration", "--fit");
        OptionRules.onlyWith(spec, validation, "--validation", "--val-fraction");
        if (profile) {
            profileOptions(); // before the training images are read
        }
        OutputTargets.file(out);
        OutputTargets.file(json);
        OutputTargets.file(perImage);
        OutputTargets.file(inputs);
        if (inputs != null && perImage == null) {
            throw new InvalidInputException("--inputs writes the images of --per-image: add --per-image FILE.csv");
        }
        // Profiling and --validation read training images; scoring the test split reads only the test files.
        CheckpointOnData.Loaded in = input.load(profile || validation ? DataPart.TRAIN : DataPart.TEST, spec.commandLine().getErr());
        Checkpoint ck = in.checkpoint();
        NetSpec net = ck.spec();
        Normalization norm = ck.normalization();
        DeployedNetwork deployed = PrecisionOptions.deployed(ck);
        PrintWriter o = spec.commandLine().getOut();
        if (profile) {
            return profile(deployed, in.data(), norm, o);
        }
        PrecisionPlan plan = precision.planFor(deployed, ck, input.file());
        QuantizedNetwork q = QuantizedNetwork.of(deployed, plan);
        Dataset all = validation ? heldOut(ck, in.data()) : in.data();
        Dataset test = limit > 0 ? all.subset(IntStream.range(0, Math.min(limit, all.size())).toArray(), all.name()) : all;
        Evaluation floating = Engines.evaluate(ck, test, norm);
        PerImageCsv rows = perImage == null ? null : new PerImageCsv();
        FixedPointEvaluation fixed = FixedPointEvaluation.of(q, test, norm, new FixedPointEvaluation.Options(256, check, exact), rows);
        o.printf(Locale.ROOT, "%s on %s (%d images)%n", net.describe(), test.name(), fixed.samples());
        boolean qat = ck.qatPlan(input.file()).isPresent();
        o.printf(Locale.ROOT, "  float32      top-1 %.4f%s%n", floating.top1(), qat ? "  (its weights without the quantisation they were trained with)" : "");
        o.printf(Locale.ROOT, "  fixed point  top-1 %.4f  (%+.2f pp)%s%n", fixed.top1(), 100 * (fixed.top1() - floating.top1()),
                qat ? "  <- trained quantisation-aware: this is the network's accuracy" : "");
        o.printf(Locale.ROOT, "  precision: %s; widest weight/result/accumulator %d/%d/%d bits%n", summary(plan),
                widest(q, LayerTypes::weight), widest(q, LayerTypes::result), widest(q, LayerTypes::accum));
        o.println(fixed.fastPath() ? "  computed on the engine's fast path; " + fixed.checked() + " images checked bit-exact against the simulation"
                : "  computed by the bit-exact simulation");
        if (json != null) {
            writeJson(net, test, plan, q, floating, fixed);
        }
        if (rows != null) {
            AtomicFiles.writeString(perImage, rows.text(net.describe() + " on " + test.name() + ", precision " + summary(plan)));
            o.printf(Locale.ROOT, "  wrote %s: %d images, predicted class and raw output integers%n", perImage, fixed.samples());
        }
        if (inputs != null) {
            ChannelsLastInputs.write(inputs, test, norm);
            o.printf(Locale.ROOT, "  wrote %s: the same %d images as the network takes them, channels last%n", inputs, test.size());
        }
        o.flush();
        return 0;
    }

    /** The validation part exactly as the training loop split it off. */
    private Dataset heldOut(Checkpoint ck, Dataset train) {
        Dataset v = train.split(valFraction, ck.header().path("seed").asLong(42)).validation();
        if (v == null) {
            throw new InvalidInputException("--val-fraction " + valFraction + " holds out no images");
        }
        return v;
    }

    /** What --profile needs, checked before any data is read. */
    private FixedType profileOptions() {
        FixedType base = precision.defaultType().orElseThrow(() -> new InvalidInputException("--profile needs --precision W,I (the width to fit)"));
        if (precision.perLayer != null) {
            throw new InvalidInputException("--profile writes a precision file; it does not read one (--per-layer/--precision-file)");
        }
        if (fit == IntegerFit.MSE && base.overflow() != Overflow.SAT) {
            throw new InvalidInputException("--fit mse gives rare large values up to overflow: add --overflow sat (with wrap they would change sign)");
        }
        return base;
    }

    private int profile(DeployedNetwork deployed, Dataset train, Normalization norm, PrintWriter o) {
        FixedType base = profileOptions();
        Profile p = Profile.of(deployed, CalibrationImages.first(train, norm, calibration), Math.min(calibration, train.size()));
        PrecisionPlan plan = p.plan(Profile.Widths.uniform(base.width()), base.rounding(), base.overflow(), precision.plan(java.util.Optional.empty()), fit);
        o.printf(Locale.ROOT, "ranges of %s on %d training images (weights and biases after BN folding); integer bits: %s%n",
                deployed.graph().spec().describe(), p.images(), fit == IntegerFit.MAX ? "hold the maximum" : "least squared error");
        o.print(ProfileTable.render(p, plan));
        for (Profile.LayerRange r : p.layers()) {
            if (fit == IntegerFit.MAX && Profile.tooNarrow(r.result().max(), base.width())) {
                o.printf(Locale.ROOT, "warning: %s reaches %.4g, more than %d bits hold; it will overflow%n", r.layer(), r.result().max(), base.width());
            }
        }
        AtomicFiles.writeString(out, plan.format(ProfileTable.notes(p)));
        o.printf("wrote %s: use it with quantize --per-layer %s, and with estimate and export --precision-file %s%n", out, out, out);
        o.flush();
        return 0;
    }

    /** The plan's defaults, and how many narrower entries it has. */
    private static String summary(PrecisionPlan plan) {
        if (plan.equals(DefaultPlan.plan())) {
            return DefaultPlan.describe();
        }
        StringBuilder b = new StringBuilder("default ").append(plan.setting(PrecisionPlan.DEFAULT, Role.RESULT))
                .append(", accumulators ").append(plan.setting(PrecisionPlan.DEFAULT, Role.ACCUM));
        long narrower = plan.keys().stream().filter(k -> !k.startsWith(PrecisionPlan.DEFAULT)).count();
        return narrower == 0 ? b.toString() : b.append(", ").append(narrower).append(" per-layer entries").toString();
    }

    /** The widest type of one role over all layers that have it. */
    private static int widest(QuantizedNetwork q, Function<LayerTypes, FixedType> role) {
        return q.types().all().values().stream().map(role).filter(Objects::nonNull).mapToInt(FixedType::width).max().orElse(0);
    }

    private void writeJson(NetSpec net, Dataset test, PrecisionPlan plan, QuantizedNetwork q, Evaluation floating, FixedPointEvaluation fixed) {
        ObjectNode j = Json.MAPPER.createObjectNode();
        j.put("checkpoint", input.file().toString());
        j.put("model", net.describe());
        j.put("dataset", test.name());
        j.put("images", fixed.samples());
        j.put("floatTop1", floating.top1());
        j.put("fixedTop1", fixed.top1());
        j.put("plan", plan.format());
        j.put("weightBits", widest(q, LayerTypes::weight));
        j.put("resultBits", widest(q, LayerTypes::result));
        j.put("accumBits", widest(q, LayerTypes::accum));
        j.put("fastPath", fixed.fastPath());
        j.put("checkedImages", fixed.checked());
        try {
            AtomicFiles.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(j));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
