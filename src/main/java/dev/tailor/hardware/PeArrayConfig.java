package dev.tailor.hardware;

import dev.tailor.errors.InvalidInputException;

import java.util.Locale;

/**
 * A layer-by-layer accelerator: an R x C array of MAC units, on-chip SRAM for inputs, weights and
 * outputs, and DRAM at a fixed number of bytes per cycle.
 *
 * @param fuseAdd whether the Add of a long skip happens in the output stage of the branch's last
 *                conv (reads the skip once) instead of a separate pass (reads 2S, writes S)
 */
public record PeArrayConfig(int rows, int cols, Dataflow dataflow, long ifmapSramBytes, long filterSramBytes,
                            long ofmapSramBytes, double dramBytesPerCycle, double clockMHz, int bytesPerElement,
                            boolean fuseAdd) {

    public enum Dataflow { OUTPUT_STATIONARY, WEIGHT_STATIONARY }

    public PeArrayConfig {
        if (rows <= 0 || cols <= 0) {
            throw new InvalidInputException("PE array must have positive rows and columns");
        }
        if (!(dramBytesPerCycle > 0)) {
            throw new InvalidInputException("DRAM bandwidth must be positive");
        }
    }

    /**
     * A mid-size edge accelerator: 32x32 output-stationary array, 512 KiB input, 512 KiB weight and
     * 512 KiB output SRAM, 16 bytes/cycle of DRAM at 500 MHz (8 GB/s), int8 data.
     */
    public static PeArrayConfig reference() {
        return new PeArrayConfig(32, 32, Dataflow.OUTPUT_STATIONARY, 512 << 10, 512 << 10, 512 << 10, 16, 500, 1, false);
    }

    public PeArrayConfig withDataflow(Dataflow d) {
        return new PeArrayConfig(rows, cols, d, ifmapSramBytes, filterSramBytes, ofmapSramBytes, dramBytesPerCycle, clockMHz,
                bytesPerElement, fuseAdd);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%dx%d %s, SRAM in/w/out %d/%d/%d KiB, DRAM %.0f B/cycle, %.0f MHz, %d-byte data%s",
                rows, cols, dataflow == Dataflow.OUTPUT_STATIONARY ? "output-stationary" : "weight-stationary",
                ifmapSramBytes >> 10, filterSramBytes >> 10, ofmapSramBytes >> 10, dramBytesPerCycle, clockMHz, bytesPerElement,
                fuseAdd ? ", fused adds" : "");
    }
}
