package dev.tailor.hardware;

import dev.tailor.errors.InvalidInputException;

import java.util.Locale;
import java.util.Map;

/**
 * Parameters of the hls4ml-style io_stream design.
 *
 * @param reuseFactor      global reuse factor (multiplications one multiplier performs per input pixel)
 * @param layerReuse       per-layer overrides by layer name ({@code stage2.block1.conv1})
 * @param clockMHz         clock for latency in microseconds
 */
public record DataflowConfig(int weightBits, int activationBits, int accumulatorBits, int reuseFactor,
                             Map<String, Integer> layerReuse, Strategy strategy, FifoMode fifoMode, HlsFlavour flavour,
                             double clockMHz, FpgaPart part) {

    /** hls4ml's two conv/dense implementations. */
    public enum Strategy { LATENCY, RESOURCE }

    /** Stream FIFO sizing: whole feature maps (hls4ml's default) or the lag-based optimised depths. */
    public enum FifoMode { DEFAULT, OPTIMIZED }

    /** Vivado HLS splits a C-channel stream into C FIFOs of b bits; Vitis HLS keeps one FIFO of C*b bits. */
    public enum HlsFlavour { VIVADO, VITIS }

    public DataflowConfig {
        if (weightBits <= 0 || activationBits <= 0 || accumulatorBits <= 0) {
            throw new InvalidInputException("precisions must be positive bit widths");
        }
        if (reuseFactor <= 0) {
            throw new InvalidInputException("--reuse must be positive, got " + reuseFactor);
        }
        layerReuse = Map.copyOf(layerReuse);
    }

    /**
     * The MLPerf Tiny hls4ml ResNet-8 flow: io_stream, Resource strategy, 8-bit weights and
     * activations, 16-bit accumulators, reuse factor 576, whole-map FIFOs, Vivado HLS, 150 MHz on xc7z020.
     */
    public static DataflowConfig reference() {
        return new DataflowConfig(8, 8, 16, 576, Map.of(), Strategy.RESOURCE, FifoMode.DEFAULT, HlsFlavour.VIVADO, 150,
                FpgaPart.of("xc7z020"));
    }

    public int reuseFor(String layer) {
        return layerReuse.getOrDefault(layer, reuseFactor);
    }

    public DataflowConfig withFifoMode(FifoMode m) {
        return new DataflowConfig(weightBits, activationBits, accumulatorBits, reuseFactor, layerReuse, strategy, m, flavour,
                clockMHz, part);
    }

    public String describe() {
        return String.format(Locale.ROOT, "io_stream %s, w%d/a%d/acc%d bit, RF %d%s, FIFO %s, %s HLS, %.0f MHz, %s",
                strategy.name().toLowerCase(Locale.ROOT), weightBits, activationBits, accumulatorBits, reuseFactor,
                layerReuse.isEmpty() ? "" : " (+" + layerReuse.size() + " per-layer)", fifoMode.name().toLowerCase(Locale.ROOT),
                flavour == HlsFlavour.VIVADO ? "Vivado" : "Vitis", clockMHz, part.name());
    }
}
