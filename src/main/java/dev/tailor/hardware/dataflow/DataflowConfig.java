package dev.tailor.hardware.dataflow;

import java.util.Locale;
import java.util.Map;

/**
 * Parameters of the hls4ml-style io_stream design. Build one with {@link #builder()} or start from
 * {@link #reference()}.
 *
 * @param precision      default widths of every layer
 * @param layerPrecision per-layer overrides by layer name ({@code stage2.block1.conv1})
 * @param reuseFactor    global reuse factor (multiplications one multiplier performs per input pixel)
 * @param layerReuse     per-layer reuse overrides by layer name
 * @param fifoDepth      the depth of every stream in {@link FifoMode#FIXED} mode (ignored otherwise)
 * @param clockMHz       clock for latency in microseconds
 * @param shortSkips     how a short skip is built: fused into the conv it spans, or as stock hls4ml builds it
 */
public record DataflowConfig(Precision precision, Map<String, Precision> layerPrecision, int reuseFactor,
                             Map<String, Integer> layerReuse, Strategy strategy, FifoMode fifoMode, int fifoDepth,
                             HlsFlavour flavour, double clockMHz, ShortSkips shortSkips) {

    /**
     * The structure of a short skip (docs/hardware-models.md, "Short skips"): {@link #FUSED}, Tailor's
     * design, where the add (and a projection) sits in the output stage of the conv it spans and no
     * skip stream exists, as the RTL generator builds it; {@link #HLS4ML}, what stock hls4ml builds
     * from the exported ONNX: a Clone, a skip stream, a projection conv of its own and an Add layer.
     */
    public enum ShortSkips {
        FUSED, HLS4ML;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** hls4ml's two conv/dense implementations. */
    public enum Strategy {
        LATENCY, RESOURCE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Stream FIFO sizing: whole feature maps (hls4ml's default), each stream at its minimum safe
     * depth, each at the highest occupancy a simulated run with unbounded FIFOs reaches plus one
     * (what hls4ml's FIFO-depth optimisation flow gives), or one fixed depth for every stream (as a
     * hand-written configuration would set it).
     */
    public enum FifoMode {
        DEFAULT, OPTIMIZED, HLS4ML, FIXED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Vivado HLS splits a C-channel stream into C FIFOs of b bits; Vitis HLS keeps one FIFO of C*b bits. */
    public enum HlsFlavour {
        VIVADO, VITIS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DataflowConfig {
        if (reuseFactor <= 0) {
            throw new IllegalArgumentException("the reuse factor must be positive, got " + reuseFactor);
        }
        if (fifoMode == FifoMode.FIXED && fifoDepth <= 0) {
            throw new IllegalArgumentException("a fixed FIFO depth must be positive, got " + fifoDepth);
        }
        if (!(clockMHz > 0)) {
            throw new IllegalArgumentException("the clock must be positive, got " + clockMHz + " MHz");
        }
        layerReuse.forEach((layer, rf) -> {
            if (rf <= 0) {
                throw new IllegalArgumentException("the reuse factor of " + layer + " must be positive, got " + rf);
            }
        });
        layerPrecision = Map.copyOf(layerPrecision);
        layerReuse = Map.copyOf(layerReuse);
        java.util.Objects.requireNonNull(shortSkips, "shortSkips");
    }

    /**
     * The MLPerf Tiny hls4ml ResNet-8 flow: io_stream, Resource strategy, 8-bit weights and
     * activations, 16-bit accumulators, reuse factor 576, whole-map FIFOs, Vivado HLS, 150 MHz.
     */
    public static DataflowConfig reference() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().precision(precision).layerPrecision(layerPrecision).reuseFactor(reuseFactor).layerReuse(layerReuse)
                .strategy(strategy).fifoMode(fifoMode).fifoDepth(fifoDepth).flavour(flavour).clockMHz(clockMHz).shortSkips(shortSkips);
    }

    public DataflowConfig withFifoMode(FifoMode m) {
        return toBuilder().fifoMode(m).build();
    }

    public int reuseFor(String layer) {
        return layerReuse.getOrDefault(layer, reuseFactor);
    }

    /**
     * The reuse factor a conv or dense layer gets: the largest not above the one asked for that
     * hls4ml accepts for {@code inputs} products per output (K·K·C_in) and {@code outputs} outputs.
     */
    public int validReuseFor(String layer, long inputs, long outputs) {
        return StageCosts.validReuse(inputs, outputs, reuseFor(layer));
    }

    public Precision precisionFor(String layer) {
        return layerPrecision.getOrDefault(layer, precision);
    }

    public String describe() {
        String fifo = fifoMode == FifoMode.FIXED ? "fixed " + fifoDepth : fifoMode.toString();
        return String.format(Locale.ROOT, "io_stream %s, w%d/a%d/acc%d bit%s, RF %d%s, FIFO %s, %s HLS, %.0f MHz", strategy,
                precision.weightBits(), precision.activationBits(), precision.accumulatorBits(),
                layerPrecision.isEmpty() ? "" : " (+" + layerPrecision.size() + " per-layer)", reuseFactor,
                layerReuse.isEmpty() ? "" : " (+" + layerReuse.size() + " per-layer)", fifo,
                flavour == HlsFlavour.VIVADO ? "Vivado" : "Vitis", clockMHz)
                + (shortSkips == ShortSkips.HLS4ML ? ", short skips as hls4ml builds them" : "");
    }

    /** Builder with the reference values as defaults. */
    public static final class Builder {
        private Precision precision = new Precision(8, 8, 16);
        private Map<String, Precision> layerPrecision = Map.of();
        private int reuseFactor = 576;
        private Map<String, Integer> layerReuse = Map.of();
        private Strategy strategy = Strategy.RESOURCE;
        private FifoMode fifoMode = FifoMode.DEFAULT;
        private int fifoDepth = 2;
        private HlsFlavour flavour = HlsFlavour.VIVADO;
        private double clockMHz = 150;
        private ShortSkips shortSkips = ShortSkips.FUSED;

        public Builder precision(Precision p) {
            precision = p;
            return this;
        }

        public Builder layerPrecision(Map<String, Precision> p) {
            layerPrecision = p;
            return this;
        }

        public Builder reuseFactor(int rf) {
            reuseFactor = rf;
            return this;
        }

        public Builder layerReuse(Map<String, Integer> rf) {
            layerReuse = rf;
            return this;
        }

        public Builder strategy(Strategy s) {
            strategy = s;
            return this;
        }

        public Builder fifoMode(FifoMode m) {
            fifoMode = m;
            return this;
        }

        public Builder fifoDepth(int d) {
            fifoDepth = d;
            return this;
        }

        public Builder flavour(HlsFlavour f) {
            flavour = f;
            return this;
        }

        public Builder clockMHz(double mhz) {
            clockMHz = mhz;
            return this;
        }

        public Builder shortSkips(ShortSkips s) {
            shortSkips = s;
            return this;
        }

        public DataflowConfig build() {
            return new DataflowConfig(precision, layerPrecision, reuseFactor, layerReuse, strategy, fifoMode, fifoDepth, flavour,
                    clockMHz, shortSkips);
        }
    }
}
