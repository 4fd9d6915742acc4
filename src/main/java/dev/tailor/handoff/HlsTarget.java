package dev.tailor.handoff;

import dev.tailor.fixedpoint.PrecisionPlan;

import java.util.Locale;
import java.util.Map;

/**
 * The hardware an exported network is meant for, in the terms of {@code tailor estimate}'s options:
 * what both {@code hls4ml_config.yml} and {@code estimate.json} are written from, so the two cannot
 * disagree. Build it with {@link #builder()}; the defaults are {@code tailor estimate}'s.
 *
 * @param integerBits integer bits (sign included) of the activations' {@code ap_fixed<W,I>}
 * @param layerReuse  per-layer reuse factors by our layer name ({@code stage3.block1.conv2})
 * @param part        FPGA part as {@code tailor estimate --part} names it ({@code xc7z020})
 * @param plan        fixed-point types per layer (a precision file of {@code quantize --profile}, docs/fixed-point.md),
 *                    or null: then the widths above, with integer bits chosen per layer as the config describes
 */
public record HlsTarget(int weightBits, int activationBits, int accumulatorBits, int integerBits, int reuseFactor,
                        Map<String, Integer> layerReuse, Strategy strategy, FifoDepths fifo, Backend backend, String part,
                        double clockMHz, PrecisionPlan plan) {

    /** hls4ml's two conv/dense implementations. */
    public enum Strategy {
        LATENCY, RESOURCE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Stream FIFOs: whole feature maps (hls4ml's default) or sized by hls4ml's FIFO-depth optimisation flow. */
    public enum FifoDepths {
        DEFAULT, OPTIMIZED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The hls4ml backend, i.e. which HLS tool builds the project. */
    public enum Backend {
        VIVADO, VITIS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HlsTarget {
        if (weightBits <= 0 || activationBits <= 0 || accumulatorBits <= 0) {
            throw new IllegalArgumentException("bit widths must be positive");
        }
        if (integerBits < 1 || integerBits > activationBits) {
            throw new IllegalArgumentException("integer bits must be between 1 and the activation bits (" + activationBits + "), got "
                    + integerBits);
        }
        if (reuseFactor <= 0 || clockMHz <= 0) {
            throw new IllegalArgumentException("reuse factor and clock must be positive");
        }
        layerReuse = Map.copyOf(layerReuse);
        if (plan != null && !plan.hasDefault()) {
            throw new IllegalArgumentException("a precision plan needs a 'default' line");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public int reuseFor(String layer) {
        return layerReuse.getOrDefault(layer, reuseFactor);
    }

    /** Defaults: 8-bit weights and activations, 16-bit accumulators, reuse 576, Resource, whole-map FIFOs, Vivado, xc7z020 at 150 MHz. */
    public static final class Builder {
        private int weightBits = 8;
        private int activationBits = 8;
        private int accumulatorBits = 16;
        private int integerBits;
        private int reuseFactor = 576;
        private Map<String, Integer> layerReuse = Map.of();
        private Strategy strategy = Strategy.RESOURCE;
        private FifoDepths fifo = FifoDepths.DEFAULT;
        private Backend backend = Backend.VIVADO;
        private String part = "xc7z020";
        private double clockMHz = 150;
        private PrecisionPlan plan;

        public Builder weightBits(int v) {
            weightBits = v;
            return this;
        }

        public Builder activationBits(int v) {
            activationBits = v;
            return this;
        }

        public Builder accumulatorBits(int v) {
            accumulatorBits = v;
            return this;
        }

        /** Unset, it is half the activation bits, rounded up. */
        public Builder integerBits(int v) {
            integerBits = v;
            return this;
        }

        public Builder reuseFactor(int v) {
            reuseFactor = v;
            return this;
        }

        public Builder layerReuse(Map<String, Integer> v) {
            layerReuse = v;
            return this;
        }

        public Builder strategy(Strategy v) {
            strategy = v;
            return this;
        }

        public Builder fifo(FifoDepths v) {
            fifo = v;
            return this;
        }

        public Builder backend(Backend v) {
            backend = v;
            return this;
        }

        public Builder part(String v) {
            part = v;
            return this;
        }

        public Builder clockMHz(double v) {
            clockMHz = v;
            return this;
        }

        /** Every layer's types from a precision plan (null: none); it must have a {@code default} line. */
        public Builder plan(PrecisionPlan v) {
            plan = v;
            return this;
        }

        public HlsTarget build() {
            int integer = integerBits > 0 ? integerBits : (activationBits + 1) / 2;
            return new HlsTarget(weightBits, activationBits, accumulatorBits, integer, reuseFactor, layerReuse, strategy, fifo,
                    backend, part, clockMHz, plan);
        }
    }
}
