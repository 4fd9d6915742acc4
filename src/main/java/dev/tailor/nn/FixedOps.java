package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.Rounding;

/**
 * {@link FixedType#convert} on whole engine arrays: floor (AP_TRN) or floor(x + 1/2) (AP_RND) of
 * x·2^F, then wrap-around or clamping, then back to x's scale. Exact wherever x·2^F and the
 * wrapped integers are exact in the array's float type (float64 holds 53 bits), so the fast path
 * agrees with the simulation; QAT's fake quantisation uses the same rounding in float32.
 */
final class FixedOps {
    private FixedOps() {
    }

    static NDArray quantize(NDArray x, FixedType t) {
        double up = Math.scalb(1.0, t.fraction());
        return overflow(round(x, t, up), t).mul(1 / up);
    }

    /** Overflow alone, for values already on the type's grid (an exact sum in its accumulator). */
    static NDArray fit(NDArray x, FixedType t) {
        if (t.overflow() == Overflow.SAT) {
            return x.clip(t.toDouble(t.minRaw()), t.toDouble(t.maxRaw()));
        }
        if (inRange(x, t.toDouble(t.minRaw()), t.toDouble(t.maxRaw()))) {
            return x;
        }
        double up = Math.scalb(1.0, t.fraction());
        return overflow(x.mul(up), t).mul(1 / up);
    }

    /**
     * Quantised in the forward pass, identity in the backward pass (straight-through estimator);
     * a saturating type passes no gradient where it clamps, as the clamp itself would not.
     */
    static NDArray fake(NDArray x, FixedType t) {
        double up = Math.scalb(1.0, t.fraction());
        NDArray inside;
        NDArray q;
        if (t.overflow() == Overflow.SAT) {
            // Clamped first, so rounding cannot leave the range: no second clamp needed.
            inside = x.clip(t.toDouble(t.minRaw()), t.toDouble(t.maxRaw()));
            q = round(inside, t, up).mul(1 / up);
        } else {
            inside = x;
            q = quantize(x, t);
        }
        return inside.add(q.sub(inside).stopGradient());
    }

    /** x·2^F rounded to an integer by the type's rounding mode. */
    private static NDArray round(NDArray x, FixedType t, double up) {
        NDArray lsbs = x.mul(up);
        return t.rounding() == Rounding.TRN ? lsbs.floor() : lsbs.add(0.5).floor();
    }

    /** Integer raw values brought into W bits. */
    private static NDArray overflow(NDArray raw, FixedType t) {
        if (t.overflow() == Overflow.SAT) {
            return raw.clip(t.minRaw(), t.maxRaw());
        }
        if (inRange(raw, t.minRaw(), t.maxRaw())) {
            return raw;
        }
        double span = Math.scalb(1.0, t.width());
        return raw.sub(raw.sub(t.minRaw()).mul(1 / span).floor().mul(span));
    }

    /** Most values need no wrap-around; two reductions are cheaper than the five passes it takes. */
    private static boolean inRange(NDArray x, double min, double max) {
        return value(x.min()) >= min && value(x.max()) <= max;
    }

    private static double value(NDArray scalar) {
        return scalar.toType(DataType.FLOAT64, false).getDouble();
    }
}
