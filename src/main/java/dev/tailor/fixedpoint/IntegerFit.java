package dev.tailor.fixedpoint;

/** How a profile chooses the integer bits of a type of given width (docs/fixed-point.md, "Profiling"). */
public enum IntegerFit {
    /** The fewest integer bits that hold the largest magnitude seen: nothing overflows on the calibration values. */
    MAX,
    /**
     * The integer bits with the least mean squared error over the values seen, rounding and
     * overflow included: at narrow widths rare large values saturate and the bulk keeps fraction
     * bits. Only with AP_SAT: under AP_WRAP a rare value given up changes sign.
     */
    MSE
}
