package dev.tailor.hardware.fpga;

/** FPGA resources of one part of a design (estimates). */
public record Resources(long bram18, long ff, long lut, long dsp) {
    public static final Resources ZERO = new Resources(0, 0, 0, 0);

    public Resources plus(Resources o) {
        return new Resources(bram18 + o.bram18, ff + o.ff, lut + o.lut, dsp + o.dsp);
    }

    public Resources minus(Resources o) {
        return new Resources(bram18 - o.bram18, ff - o.ff, lut - o.lut, dsp - o.dsp);
    }

    public Resources times(long n) {
        return new Resources(bram18 * n, ff * n, lut * n, dsp * n);
    }

    /**
     * A FIFO or buffer of {@code depth} words of {@code width} bits: a shift register (SRL) when it
     * holds at most 1024 bits, else BRAM18 with 2*ceil(log2 D) LUT of address logic.
     */
    public static Resources memory(long width, long depth) {
        if (width <= 0 || depth <= 0) {
            return ZERO;
        }
        int addr = Bram18.log2Ceil(depth);
        if (width * depth <= 1024) {
            return new Resources(0, width + 2L * addr, width * Bram18.ceil(depth, 32), 0);
        }
        return new Resources(Bram18.count(width, depth), 0, 2L * addr, 0);
    }
}
