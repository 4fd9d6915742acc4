package dev.tailor.nn;

import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.LayerTypes;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.net.Layer;
import dev.tailor.net.Op;

import java.util.Optional;

/**
 * When {@link FixedPointEngine} gives exactly the simulation's numbers (docs/fixed-point.md, "Fast
 * path"): products enter the accumulator without rounding, a saturating accumulator is wide enough
 * never to saturate part-way through a sum, and every exact sum fits a double's 53 bits.
 */
public final class FastPathCheck {
    private static final int DOUBLE_BITS = 53;
    private static final int FLOAT_BITS = 24;

    private FastPathCheck() {
    }

    /** Why the fast path would not be exact for this network, or empty when it is. */
    public static Optional<String> whyNotExact(QuantizedNetwork q) {
        for (Layer l : q.network().graph().layers()) {
            LayerTypes t = q.types().of(l.name());
            String why = switch (l.op()) {
                case CONV, DENSE -> macLayer(l, t);
                case GLOBAL_AVGPOOL -> pool(l, t);
                case ADD -> {
                    FixedType skip = q.types().of(l.inputs().get(1)).result();
                    int bits = Math.max(t.input().integer(), skip.integer()) + Math.max(t.input().fraction(), skip.fraction()) + 1;
                    yield bits > DOUBLE_BITS ? "its operands' sum needs " + bits + " bits" : null;
                }
                default -> null;
            };
            if (why != null) {
                return Optional.of(l.name() + ": " + why);
            }
        }
        return Optional.empty();
    }

    static void requireExact(QuantizedNetwork q) {
        whyNotExact(q).ifPresent(why -> {
            throw new IllegalArgumentException("the fast path is not exact for this plan (" + why + ")");
        });
    }

    private static String macLayer(Layer l, LayerTypes t) {
        FixedType in = t.input();
        FixedType acc = t.accum();
        if (acc.fraction() < in.fraction() + t.weight().fraction()) {
            return "products are rounded into the accumulator " + acc + " (it has fewer fraction bits than data x weight)";
        }
        int guard = ceilLog2(l.op() == Op.DENSE ? l.in().channels() : l.in().channels() * l.kernel() * l.kernel());
        int sumInteger = in.integer() + t.weight().integer() + guard;
        int noOverflow = Math.max(sumInteger, t.bias().integer()) + 1;
        if (acc.overflow() == Overflow.SAT && (acc.integer() < noOverflow || !acc.signed())) {
            return "the saturating accumulator " + acc + " could saturate part-way through a sum (a signed one with "
                    + noOverflow + " integer bits cannot)";
        }
        int bits = Math.max(sumInteger, acc.integer()) + acc.fraction() + 1;
        return bits > DOUBLE_BITS ? "its sums need " + bits + " bits" : null;
    }

    /**
     * Whether a conv's or dense layer's sum of products, before bias, is exact in float32 too: every
     * partial sum is a whole number of the product's LSB, and with |data| ≤ 2^m_d, |weight| ≤ 2^m_w
     * LSBs and n products it stays within 2^(m_d + m_w + ⌈log2 n⌉), which must not pass float32's
     * 2^24. Then the engine may sum in float32, in any order, and still equal the simulation.
     */
    static boolean sumExactInFloat32(Layer l, LayerTypes t) {
        int n = l.op() == Op.DENSE ? l.in().channels() : l.in().channels() * l.kernel() * l.kernel();
        return magnitudeBits(t.input()) + magnitudeBits(t.weight()) + ceilLog2(n) <= FLOAT_BITS;
    }

    /** m with |raw| ≤ 2^m for every raw value of the type. */
    private static int magnitudeBits(FixedType t) {
        return t.signed() ? t.width() - 1 : t.width();
    }

    private static String pool(Layer l, LayerTypes t) {
        FixedType acc = t.accum();
        int guard = ceilLog2((int) l.in().pixels());
        if (acc.overflow() == Overflow.SAT && acc.integer() < t.input().integer() + guard) {
            return "the saturating accumulator " + acc + " could saturate part-way through the sum";
        }
        int bits = acc.integer() + guard + acc.fraction() + 1;
        return bits > DOUBLE_BITS ? "its sums need " + bits + " bits" : null;
    }

    private static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
