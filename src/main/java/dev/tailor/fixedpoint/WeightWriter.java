package dev.tailor.fixedpoint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The fixed-point value hls4ml's Vivado flow gives a float weight or bias (docs/fixed-point.md,
 * "Weights and biases"): its writer prints the float with F decimal places (Python's
 * {@code '{:.Ff}'}, round-half-even on the exact binary value) into the weights header, and the
 * C++ compiler converts that literal to {@code ap_fixed<W,I,Q,O>} with the type's own modes.
 * A decimal with F places is never a tie between two multiples of 2^-F, nor within a double's
 * rounding of one, so the parse to double in between changes nothing and is skipped here.
 */
final class WeightWriter {
    private WeightWriter() {
    }

    static long quantize(float w, FixedType t) {
        int f = t.fraction();
        double v = w;
        double scaled = Math.scalb(v, f);
        if (scaled == Math.rint(scaled) && Math.abs(scaled) < 0x1p62) {
            // On the type's grid: the printed decimal is exact, only overflow can change it.
            return t.convert((long) scaled, f);
        }
        BigInteger printed = new BigDecimal(v).setScale(f, RoundingMode.HALF_EVEN).unscaledValue();
        // printed·10^-F = printed / 5^F LSBs of 2^-F.
        BigInteger five = BigInteger.valueOf(5).pow(f);
        BigInteger lsbs = t.rounding() == Rounding.TRN
                ? floorDiv(printed, five)
                : floorDiv(printed.shiftLeft(1).add(five), five.shiftLeft(1));
        if (lsbs.bitLength() < 63 || t.overflow() == Overflow.WRAP) {
            // A wrap keeps the low W bits, which the low 64 of longValue() contain.
            return t.convert(lsbs.longValue(), f);
        }
        return lsbs.signum() < 0 ? t.minRaw() : t.maxRaw();
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }
}
