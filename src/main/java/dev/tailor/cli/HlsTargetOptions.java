package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.handoff.HlsTarget;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hls4ml design an export targets: {@code tailor estimate}'s dataflow options, same names and defaults. */
public final class HlsTargetOptions {
    @Option(names = "--precision", defaultValue = "8", paramLabel = "BITS", description = "Weight and activation bits. Default: ${DEFAULT-VALUE}.")
    int precision;

    @Option(names = "--weight-bits", paramLabel = "BITS", description = "Weight bits, if not --precision.")
    Integer weightBits;

    @Option(names = "--activation-bits", paramLabel = "BITS", description = "Activation (stream) bits, if not --precision.")
    Integer activationBits;

    @Option(names = "--accum", defaultValue = "16", paramLabel = "BITS", description = "Accumulator bits. Default: ${DEFAULT-VALUE}.")
    int accum;

    @Option(names = "--integer-bits", paramLabel = "BITS",
            description = "Integer bits (sign included) of the activations' ap_fixed<W,I> (default: half the activation bits, rounded up).")
    Integer integerBits;

    @Option(names = "--precision-file", paramLabel = "FILE",
            description = "Every layer's fixed-point types from a precision file as 'quantize --profile' writes (docs/fixed-point.md): "
                    + "hls4ml_config.yml gets them per layer and estimate.json their widths, so both describe the design quantize measured.")
    Path precisionFile;

    @Option(names = "--reuse", defaultValue = "576", paramLabel = "RF", description = "Global reuse factor. Default: ${DEFAULT-VALUE}.")
    int reuse;

    @Option(names = "--layer-reuse", paramLabel = "LAYER=RF", split = ",", description = "Per-layer reuse factors, e.g. stage3.block1.conv2=64.")
    Map<String, Integer> layerReuse = new LinkedHashMap<>();

    @Option(names = "--strategy", defaultValue = "resource", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    HlsTarget.Strategy strategy;

    @Option(names = "--fifo", defaultValue = "default",
            description = "${COMPLETION-CANDIDATES}: whole-map FIFOs (hls4ml's default) or hls4ml's FIFO-depth optimisation flow. Default: ${DEFAULT-VALUE}.")
    HlsTarget.FifoDepths fifo;

    @Option(names = "--hls", defaultValue = "vivado", description = "hls4ml backend: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    HlsTarget.Backend backend;

    @Option(names = "--part", defaultValue = "xc7z020", description = "FPGA part: xc7z020, xc7a100t, xczu7ev, xczu9eg, xcu250. Default: ${DEFAULT-VALUE}.")
    String part;

    @Option(names = "--clock", defaultValue = "150", paramLabel = "MHZ", description = "FPGA clock in MHz. Default: ${DEFAULT-VALUE}.")
    double clock;

    HlsTarget target() {
        int wb = weightBits != null ? weightBits : precision;
        int ab = activationBits != null ? activationBits : precision;
        positive("--precision/--weight-bits", wb);
        positive("--precision/--activation-bits", ab);
        positive("--accum", accum);
        positive("--reuse", reuse);
        layerReuse.forEach((layer, rf) -> positive("--layer-reuse " + layer, rf));
        if (integerBits != null && (integerBits < 1 || integerBits > ab)) {
            throw new InvalidInputException("--integer-bits must be between 1 and the activation bits (" + ab + "), got " + integerBits);
        }
        if (!(clock > 0)) {
            throw new InvalidInputException("--clock must be positive, got " + clock);
        }
        return HlsTarget.builder().weightBits(wb).activationBits(ab).accumulatorBits(accum)
                .integerBits(integerBits == null ? 0 : integerBits).reuseFactor(reuse).layerReuse(layerReuse).strategy(strategy)
                .fifo(fifo).backend(backend).part(part).clockMHz(clock).plan(plan()).build();
    }

    private PrecisionPlan plan() {
        if (precisionFile == null) {
            return null;
        }
        PrecisionPlan p = PrecisionPlan.read(precisionFile);
        if (!p.hasDefault()) {
            throw new InvalidInputException("--precision-file " + precisionFile + ": has no 'default:' line");
        }
        return p;
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new InvalidInputException(option + " must be positive, got " + value);
        }
    }
}
