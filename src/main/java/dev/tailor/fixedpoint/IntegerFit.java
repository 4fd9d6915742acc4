package dev.tailor.fixedpoint;

/** How a profile chooses the integer bits of a type of given width (docs/fixed-point.md, "Profiling"). */
public enum IntegerFit {
    /** The fewest integer bits that hold the largest magnitude seen: nothing overflows on the calibration values. */
    MAX,
    /**
     * The integer bits with the least mean squared error over the values seen, rounding and
     * overflow included: at narrow widths rare large values are given up (saturated, or wrapped
     * where the overflow mode wraps, which costs far more) for fraction bits that the bulk keeps.
     */
    MSE
}
