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
     * The most bits a FIFO may hold and still be a shift register (SRL): Vitis HLS's default
     * {@code auto_srl_max_bits}. Above it a FIFO is a memory, bound to block RAM.
     */
    public static final long SRL_MAX_BITS = 1024;

    /** Whether a FIFO of this shape is a block-RAM memory (else a shift register); the RTL generator binds it the same way. */
    public static boolean fifoInBlockRam(long width, long depth) {
        return width * depth > SRL_MAX_BITS;
    }

    /**
     * A ROM or delay line of {@code depth} words of {@code width} bits: a shift register (SRL) when
     * it holds at most 1024 bits, else BRAM18 with 2*ceil(log2 D) LUT of address logic.
     */
    public static Resources memory(long width, long depth) {
        if (width <= 0 || depth <= 0) {
            return ZERO;
        }
        int addr = Bram18.log2Ceil(depth);
        if (!fifoInBlockRam(width, depth)) {
            return new Resources(0, width + 2L * addr, width * Bram18.ceil(depth, 32), 0);
        }
        return new Resources(Bram18.count(width, depth), 0, 2L * addr, 0);
    }

    /**
     * A stream FIFO of {@code depth} words of {@code width} bits (docs/hardware-models.md, "FIFO
     * storage"). A shift register (at most 1024 bits) reads its head straight from the SRL tap:
     * W·ceil(D/32) LUT, and a count of ceil(log2 D) + 3 FF with the full/empty flags. A block-RAM
     * FIFO reads its head through a first-word-fall-through register (W FF) with a bypass for a word
     * written to the place read next (W LUT), plus read and write pointers and a count: 4·ceil(log2 D)
     * + 20 LUT and 3·ceil(log2 D) + 2 FF, fitted to the generated FIFO in Yosys (BENCHMARKS,
     * "Synthesis").
     */
    public static Resources fifo(long width, long depth) {
        if (width <= 0 || depth <= 0) {
            return ZERO;
        }
        int addr = Bram18.log2Ceil(depth);
        if (!fifoInBlockRam(width, depth)) {
            return new Resources(0, addr + 3L, width * Bram18.ceil(depth, 32), 0);
        }
        return new Resources(Bram18.count(width, depth), width + 3L * addr + 2, width + 4L * addr + 20, 0);
    }
}
