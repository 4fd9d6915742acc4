package dev.tailor.hardware.pearray;

import java.util.Locale;

/**
 * A layer-by-layer accelerator: an R x C array of MAC units, on-chip SRAM for inputs, weights and
 * outputs, and DRAM at a fixed number of bytes per cycle. Build one with {@link #builder()} or start
 * from {@link #reference()}.
 *
 * @param fuseAdd whether the Add of a long skip happens in the output stage of the branch's last
 *                conv (reads the skip once) instead of a separate pass (reads 2S, writes S)
 */
public record PeArrayConfig(int rows, int cols, Dataflow dataflow, long ifmapSramBytes, long filterSramBytes,
                            long ofmapSramBytes, double dramBytesPerCycle, double clockMHz, int bytesPerElement,
                            boolean fuseAdd) {

    /** What stays in the PEs while the other operands stream through (SCALE-Sim's three dataflows). */
    public enum Dataflow {
        OUTPUT_STATIONARY("os"), WEIGHT_STATIONARY("ws"), INPUT_STATIONARY("is");

        private final String label;

        Dataflow(String label) {
            this.label = label;
        }

        public String longName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The short name users type. */
        @Override
        public String toString() {
            return label;
        }
    }

    public PeArrayConfig {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("a PE array needs positive rows and columns, got " + rows + "x" + cols);
        }
        if (!(dramBytesPerCycle > 0)) {
            throw new IllegalArgumentException("DRAM bandwidth must be positive, got " + dramBytesPerCycle + " bytes/cycle");
        }
        if (ifmapSramBytes <= 0 || filterSramBytes <= 0 || ofmapSramBytes <= 0) {
            throw new IllegalArgumentException("SRAM sizes must be positive");
        }
        if (bytesPerElement <= 0 || !(clockMHz > 0)) {
            throw new IllegalArgumentException("bytes per element and the clock must be positive");
        }
    }

    /**
     * A mid-size edge accelerator: 32x32 output-stationary array, 512 KiB input, 512 KiB weight and
     * 512 KiB output SRAM, 16 bytes/cycle of DRAM at 500 MHz (8 GB/s), int8 data, unfused adds.
     */
    public static PeArrayConfig reference() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().array(rows, cols).dataflow(dataflow).sramBytes(ifmapSramBytes, filterSramBytes, ofmapSramBytes)
                .dramBytesPerCycle(dramBytesPerCycle).clockMHz(clockMHz).bytesPerElement(bytesPerElement).fuseAdd(fuseAdd);
    }

    public PeArrayConfig withDataflow(Dataflow d) {
        return toBuilder().dataflow(d).build();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%dx%d %s, SRAM in/w/out %d/%d/%d KiB, DRAM %.0f B/cycle, %.0f MHz, %d-byte data%s",
                rows, cols, dataflow.longName(), ifmapSramBytes >> 10, filterSramBytes >> 10, ofmapSramBytes >> 10, dramBytesPerCycle,
                clockMHz, bytesPerElement, fuseAdd ? ", fused adds" : "");
    }

    /** Builder with the reference values as defaults. */
    public static final class Builder {
        private int rows = 32;
        private int cols = 32;
        private Dataflow dataflow = Dataflow.OUTPUT_STATIONARY;
        private long ifmap = 512 << 10;
        private long filter = 512 << 10;
        private long ofmap = 512 << 10;
        private double dramBytesPerCycle = 16;
        private double clockMHz = 500;
        private int bytesPerElement = 1;
        private boolean fuseAdd;

        public Builder array(int r, int c) {
            rows = r;
            cols = c;
            return this;
        }

        public Builder dataflow(Dataflow d) {
            dataflow = d;
            return this;
        }

        public Builder sramBytes(long input, long weights, long output) {
            ifmap = input;
            filter = weights;
            ofmap = output;
            return this;
        }

        public Builder dramBytesPerCycle(double b) {
            dramBytesPerCycle = b;
            return this;
        }

        public Builder clockMHz(double mhz) {
            clockMHz = mhz;
            return this;
        }

        public Builder bytesPerElement(int b) {
            bytesPerElement = b;
            return this;
        }

        public Builder fuseAdd(boolean f) {
            fuseAdd = f;
            return this;
        }

        public PeArrayConfig build() {
            return new PeArrayConfig(rows, cols, dataflow, ifmap, filter, ofmap, dramBytesPerCycle, clockMHz, bytesPerElement, fuseAdd);
        }
    }
}
