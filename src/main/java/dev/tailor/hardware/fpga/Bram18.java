package dev.tailor.hardware.fpga;

/**
 * How many 7-series BRAM18 primitives a memory of {@code width} bits x {@code depth} words takes.
 * A BRAM18 can be 16Kx1, 8Kx2, 4Kx4, 2Kx9, 1Kx18 or 512x36; the tool picks the aspect ratio by
 * width and cascades for depth (docs/hardware-models.md, "FIFO storage").
 */
public final class Bram18 {
    private Bram18() {
    }

    public static long count(long width, long depth) {
        if (width <= 0 || depth <= 0) {
            return 0;
        }
        if (width <= 1) {
            return ceil(depth, 16_384);
        }
        if (width <= 2) {
            return ceil(depth, 8_192) * ceil(width, 2);
        }
        if (width <= 4) {
            return ceil(depth, 4_096) * ceil(width, 4);
        }
        if (width <= 9) {
            return ceil(depth, 2_048) * ceil(width, 9);
        }
        if (width <= 18 || depth > 512) {
            return ceil(depth, 1_024) * ceil(width, 18);
        }
        return ceil(depth, 512) * ceil(width, 36);
    }

    public static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    public static int log2Ceil(long v) {
        return v <= 1 ? 1 : 64 - Long.numberOfLeadingZeros(v - 1);
    }
}
