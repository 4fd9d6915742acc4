package dev.tailor.handoff;

import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.PartChoice;

/**
 * The hls4ml design an export targets: the dataflow model's own configuration (the record
 * {@code tailor estimate} costs, so {@code estimate.json} and {@code hls4ml_config.yml} are written
 * from one value and cannot disagree), the part, and what only hls4ml's configuration needs.
 *
 * @param dataflow    widths, reuse factors, strategy, FIFO sizing, HLS tool and clock
 * @param part        the FPGA part, or {@link PartChoice#AUTO}: the smallest built-in part the estimate fits
 * @param integerBits integer bits (sign included) of the activations' {@code ap_fixed<W,I>}; 0: half of
 *                    each layer's activation bits, rounded up
 * @param plan        fixed-point types per layer (a precision file of {@code quantize --profile},
 *                    docs/fixed-point.md) that hls4ml_config.yml writes as they are, or null; the
 *                    widths in {@code dataflow} should be the plan's (the command line resolves both
 *                    from one file)
 */
public record HlsTarget(DataflowConfig dataflow, PartChoice part, int integerBits, PrecisionPlan plan) {

    public HlsTarget {
        if (dataflow == null || part == null) {
            throw new IllegalArgumentException("an hls4ml target needs a dataflow configuration and a part choice");
        }
        int activation = dataflow.precision().activationBits();
        if (integerBits < 0 || integerBits > activation) {
            throw new IllegalArgumentException("integer bits must be between 1 and the activation bits (" + activation + "), got "
                    + integerBits);
        }
        if (plan != null && !plan.hasDefault()) {
            throw new IllegalArgumentException("a precision plan needs a 'default' line");
        }
    }

    /** {@code tailor estimate}'s defaults: the reference design on the xc7z020, integer bits chosen per layer, no plan. */
    public static HlsTarget reference() {
        return new HlsTarget(DataflowConfig.reference(), PartChoice.of(FpgaPart.XC7Z020), 0, null);
    }

    /** The activations' integer bits at {@code p}'s activation width. */
    int integerBits(Precision p) {
        return integerBits > 0 ? Math.min(integerBits, p.activationBits()) : (p.activationBits() + 1) / 2;
    }
}
