package dev.tailor.fixedpoint;

/** How a value loses the bits below its type's LSB (ap_fixed's quantisation mode; docs/fixed-point.md). */
public enum Rounding {
    /** AP_TRN, the default: toward minus infinity (drop the bits). */
    TRN,
    /** AP_RND: to the nearest, a tie toward plus infinity (add half an LSB, then drop). */
    RND;

    /** The C++ enumerator, {@code AP_TRN} or {@code AP_RND}. */
    public String hls() {
        return "AP_" + name();
    }
}
