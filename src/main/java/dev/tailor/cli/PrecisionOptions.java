package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.DefaultPlan;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.fixedpoint.TypeSyntax;
import dev.tailor.net.Layer;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.train.Checkpoint;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Which fixed-point types: a uniform default from options, per-layer lines from a file (docs/fixed-point.md). */
public final class PrecisionOptions {
    @Option(names = "--precision", paramLabel = "W,I",
            description = "Uniform default type ap_fixed<W,I> for weights, biases and results (accumulators: --accum), e.g. 8,3. "
                    + "Without it or a precision file: a QAT checkpoint's own plan, else the default plan (weights ap_fixed<8,1>, "
                    + "biases and results ap_fixed<8,4>, AP_RND and AP_SAT, accumulators auto), which export, rtl and estimate "
                    + "also use when given none.")
    String precision;

    @Option(names = {"--per-layer", "--precision-file"}, paramLabel = "FILE",
            description = "Precision file (LAYER[.ROLE]: TYPE per line, as 'quantize --profile' writes); its lines override --precision. "
                    + "--precision-file is the same option under the name estimate and export give it.")
    Path perLayer;

    @Option(names = "--rounding", defaultValue = "TRN",
            description = "Rounding of the --precision type: ${COMPLETION-CANDIDATES} (AP_TRN toward minus infinity, AP_RND to nearest). Default: ${DEFAULT-VALUE}.")
    Rounding rounding;

    @Option(names = "--overflow", defaultValue = "WRAP",
            description = "Overflow of the --precision type: ${COMPLETION-CANDIDATES} (AP_WRAP wrap-around, AP_SAT clamp). Default: ${DEFAULT-VALUE}.")
    Overflow overflow;

    @Option(names = "--accum", paramLabel = "W,I|auto",
            description = "Accumulator type with --precision: auto (hls4ml's inferred, exact; the default) or W,I.")
    String accum;

    /** The --precision type with the mode options, if given. */
    Optional<FixedType> defaultType() {
        return Optional.ofNullable(precision).map(p -> type(p, "--precision").with(rounding, overflow));
    }

    /**
     * The options' plan with the file's lines over it; with neither, {@code stored} (a QAT run's
     * plan). A key both set is refused rather than silently resolved.
     */
    PrecisionPlan plan(Optional<PrecisionPlan> stored) {
        Optional<PrecisionPlan> fromOptions = defaultType().map(t -> PrecisionPlan.uniform(t, accumulator()));
        if (accum != null && fromOptions.isEmpty()) {
            throw new InvalidInputException("--accum needs --precision (a file sets accumulators with 'default.accum:')");
        }
        Optional<PrecisionPlan> file = Optional.ofNullable(perLayer).map(PrecisionPlan::read);
        if (fromOptions.isPresent() && file.isPresent()) {
            for (String key : fromOptions.get().keys()) {
                if (file.get().keys().contains(key)) {
                    throw new InvalidInputException(perLayer + ": sets '" + key + "', which --precision/--accum also set; drop one");
                }
            }
            return fromOptions.get().overriddenBy(file.get());
        }
        Optional<PrecisionPlan> plan = fromOptions.or(() -> file).or(() -> stored);
        PrecisionPlan p = plan.orElseGet(DefaultPlan::plan);
        if (!p.hasDefault()) {
            throw new InvalidInputException(perLayer + ": has no 'default:' line; add one or give --precision W,I");
        }
        return p;
    }

    /**
     * The plan for a checkpoint's deployed network: {@link #plan} with the checkpoint's QAT plan as
     * the stored one. A user's precision file may name only that network's layers (a QAT plan may
     * also name layers of the run's earlier wirings).
     */
    PrecisionPlan planFor(DeployedNetwork deployed, Checkpoint ck, Path file) {
        PrecisionPlan plan = plan(ck.qatPlan(file));
        if (perLayer != null) {
            plan.requireLayers(deployed.graph().layers().stream().map(Layer::name).toList(), ck.spec().describe());
        }
        return plan;
    }

    /** A checkpoint's network as the hardware sees it: BatchNorm folded into its convs, parallel convs merged. */
    static DeployedNetwork deployed(Checkpoint ck) {
        return new DeployedNetwork(ck.spec().graph(), ck.modelWeights()).apply(new FoldBatchNorm(), new MergeParallelConvs());
    }

    private PrecisionPlan.Setting accumulator() {
        return accum == null || accum.equals("auto") ? PrecisionPlan.Setting.AUTO_ACCUMULATOR : new PrecisionPlan.Setting(type(accum, "--accum"));
    }

    /** {@code W,I} or an hls4ml type string. */
    static FixedType type(String text, String option) {
        try {
            if (text.matches("\\s*\\d+\\s*,\\s*-?\\d+\\s*")) {
                String[] p = text.split(",");
                return FixedType.of(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
            }
            return TypeSyntax.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + " " + text + ": " + e.getMessage());
        }
    }
}
