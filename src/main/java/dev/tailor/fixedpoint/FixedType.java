package dev.tailor.fixedpoint;

/**
 * An {@code ap_fixed<W,I,Q,O>} (or {@code ap_ufixed}) type and its conversion rule. A value of the
 * type is held as a {@code long} raw integer r meaning r·2^-F, F = W - I fraction bits.
 * {@link #convert} is ap_fixed's assignment from any exactly known value: first the rounding mode
 * drops the bits below 2^-F, then the overflow mode brings the result into W bits
 * (docs/fixed-point.md, "Types and conversion").
 *
 * @param width   W, total bits, 1..{@value #MAX_WIDTH}
 * @param integer I, bits left of the binary point (sign included when signed); F = W - I must be 0..{@value #MAX_WIDTH}
 */
public record FixedType(int width, int integer, boolean signed, Rounding rounding, Overflow overflow) {
    /** Widest type held: sums of two values of this width still fit a long. */
    public static final int MAX_WIDTH = 62;

    public FixedType {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("width " + width + " is outside 1.." + MAX_WIDTH);
        }
        if (width - integer < 0 || width - integer > MAX_WIDTH) {
            throw new IllegalArgumentException("<" + width + "," + integer + ">: fraction bits W-I = " + (width - integer)
                    + " must be 0.." + MAX_WIDTH);
        }
        if (rounding == null || overflow == null) {
            throw new IllegalArgumentException("rounding and overflow modes are required");
        }
    }

    /** {@code ap_fixed<W,I>}: signed, AP_TRN, AP_WRAP (C++'s and hls4ml's defaults). */
    public static FixedType of(int width, int integer) {
        return new FixedType(width, integer, true, Rounding.TRN, Overflow.WRAP);
    }

    public FixedType with(Rounding r, Overflow o) {
        return new FixedType(width, integer, signed, r, o);
    }

    public int fraction() {
        return width - integer;
    }

    public long minRaw() {
        return signed ? -(1L << (width - 1)) : 0;
    }

    public long maxRaw() {
        return signed ? (1L << (width - 1)) - 1 : (1L << width) - 1;
    }

    public double toDouble(long raw) {
        return Math.scalb((double) raw, -fraction());
    }

    /**
     * The value {@code raw·2^-frac}, exactly, assigned to this type: rounded to F fraction bits,
     * then wrapped or saturated to W bits.
     */
    public long convert(long raw, int frac) {
        int drop = frac - fraction();
        if (drop > 0) {
            return fit(rounding == Rounding.TRN ? floorShift(raw, drop) : roundShift(raw, drop));
        }
        if (drop == 0 || raw == 0) {
            return fit(raw);
        }
        return shiftUp(raw, -drop);
    }

    /**
     * The exact decimal of a raw value, with F places ({@code -0.09375} for raw -3 of
     * {@code ap_fixed<8,3>}): what an exporter writes so that any C++ conversion of the literal is exact.
     */
    public String toDecimal(long raw) {
        java.math.BigInteger scaled = java.math.BigInteger.valueOf(raw).multiply(java.math.BigInteger.valueOf(5).pow(fraction()));
        return new java.math.BigDecimal(scaled, fraction()).toPlainString();
    }

    /** The exact value of a double, assigned to this type (what {@code ap_fixed(double)} does). */
    public long fromDouble(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot convert " + v + " to " + this);
        }
        if (v == 0) {
            return 0;
        }
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long mantissa = bits & ((1L << 52) - 1);
        if (biased != 0) {
            mantissa |= 1L << 52;
        }
        int exponent = (biased == 0 ? 1 : biased) - 1075;
        return convert(v < 0 ? -mantissa : mantissa, -exponent);
    }

    /** {@code a + b} of two raw values of this type, overflow applied (an accumulator step). */
    public long add(long a, long b) {
        return fit(a + b);
    }

    /** Brings a raw value at this type's scale into W bits by the overflow mode. */
    long fit(long raw) {
        if (raw >= minRaw() && raw <= maxRaw()) {
            return raw;
        }
        if (overflow == Overflow.SAT) {
            return raw < 0 ? minRaw() : maxRaw();
        }
        int unused = 64 - width;
        return signed ? (raw << unused) >> unused : raw & maxRaw();
    }

    /** raw·2^k for k > 0: exact where it fits, otherwise the overflow mode decides from the true value. */
    private long shiftUp(long raw, int k) {
        int s = Math.min(k, 63);
        long lowest = signed ? -((1L << (width - 1)) >> s) : 0;
        if (raw >= lowest && raw <= maxRaw() >> s) {
            return raw << k;
        }
        if (overflow == Overflow.SAT) {
            return raw < 0 ? minRaw() : maxRaw();
        }
        // Wrap keeps the low W bits of raw·2^k; a long shift keeps the low 64, which contain them.
        return fit(k < 64 ? raw << k : 0);
    }

    /** floor(raw / 2^k). */
    static long floorShift(long raw, int k) {
        return raw >> Math.min(k, 63);
    }

    /** floor(raw / 2^k + 1/2): floor(floor(raw / 2^(k-1)) + 1) / 2) is the same number and cannot overflow. */
    static long roundShift(long raw, int k) {
        if (k > 63) {
            return 0;
        }
        return ((raw >> (k - 1)) + 1) >> 1;
    }

    /** hls4ml's spelling: {@code ap_fixed<8,3>}, or {@code ap_fixed<8,3,AP_RND,AP_SAT>} when a mode is not the default. */
    @Override
    public String toString() {
        String base = (signed ? "ap_fixed<" : "ap_ufixed<") + width + "," + integer;
        if (rounding == Rounding.TRN && overflow == Overflow.WRAP) {
            return base + ">";
        }
        return base + "," + rounding.hls() + "," + overflow.hls() + ">";
    }
}
