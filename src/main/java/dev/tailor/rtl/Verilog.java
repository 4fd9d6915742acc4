package dev.tailor.rtl;

import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.Rounding;

import java.util.Locale;

/**
 * Small pieces of Verilog-2001 text shared by the stage writers: names, literals and the one
 * operation every stage needs, the conversion of an exact value to an {@code ap_fixed} type with
 * its rounding and overflow modes (the same steps as {@link FixedType#convert}).
 *
 * <p>Values are carried as raw two's-complement bits of their type's width; arithmetic reads them
 * into a signed "container" one bit wider for an unsigned type, so every expression is signed.
 */
final class Verilog {
    private Verilog() {
    }

    /** A Verilog identifier from a layer or stream name. */
    static String ident(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(s.charAt(0)) ? "n" + s : s;
    }

    /** Bits of the signed container that holds every value of the type. */
    static int container(FixedType t) {
        return t.width() + (t.signed() ? 0 : 1);
    }

    /** The raw bits {@code bits} of type {@code t} as a signed expression of {@link #container} bits. */
    static String signedOf(String bits, FixedType t) {
        return t.signed() ? "$signed(" + bits + ")" : "$signed({1'b0, " + bits + "})";
    }

    /** A signed literal of {@code width} bits (negative values as a negated literal, so the text never depends on wrap). */
    static String literal(long v, int width) {
        return v < 0 ? "(-" + width + "'sd" + Long.toString(-v) + ")" : width + "'sd" + v;
    }

    /** An unsigned literal of {@code width} bits (for raw bit patterns). */
    static String bitsLiteral(long raw, int width) {
        long masked = width >= 64 ? raw : raw & ((1L << width) - 1);
        return width + "'h" + Long.toHexString(masked).toUpperCase(Locale.ROOT);
    }

    /** Bits needed to count 0..n-1 (at least 1). */
    static int bitsFor(long n) {
        int b = 1;
        while ((1L << b) < n) {
            b++;
        }
        return b;
    }

    /**
     * A function {@code name} that takes a signed value of {@code inWidth} bits with {@code inFrac}
     * fraction bits and returns its conversion to {@code t}, as {@code t.width()} raw bits: the
     * rounding mode drops the fraction bits below the type's, then the overflow mode brings the
     * value into its range.
     */
    static String convertFunction(String name, int inWidth, int inFrac, FixedType t) {
        int drop = inFrac - t.fraction();
        int work = Math.max(inWidth + Math.max(0, -drop) + 1, t.width() + 2);
        StringBuilder b = new StringBuilder();
        b.append("  function [").append(t.width() - 1).append(":0] ").append(name).append(";\n");
        b.append("    input signed [").append(inWidth - 1).append(":0] v;\n");
        b.append("    reg signed [").append(work - 1).append(":0] t;\n");
        b.append("    begin\n");
        b.append("      t = v;\n");
        if (drop > 0) {
            if (t.rounding() == Rounding.TRN) {
                b.append("      t = t >>> ").append(drop).append(";\n");
            } else {
                // floor(v / 2^d + 1/2) = floor((floor(v / 2^(d-1)) + 1) / 2)
                b.append("      t = t >>> ").append(drop - 1).append(";\n");
                b.append("      t = t + ").append(literal(1, work)).append(";\n");
                b.append("      t = t >>> 1;\n");
            }
        } else if (drop < 0) {
            b.append("      t = t <<< ").append(-drop).append(";\n");
        }
        if (t.overflow() == Overflow.SAT) {
            b.append("      if (t > ").append(literal(t.maxRaw(), work)).append(") t = ").append(literal(t.maxRaw(), work)).append(";\n");
            b.append("      else if (t < ").append(literal(t.minRaw(), work)).append(") t = ").append(literal(t.minRaw(), work)).append(";\n");
        }
        b.append("      ").append(name).append(" = t[").append(t.width() - 1).append(":0];\n");
        b.append("    end\n");
        b.append("  endfunction\n");
        return b.toString();
    }
}
