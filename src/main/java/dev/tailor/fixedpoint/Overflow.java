package dev.tailor.fixedpoint;

/** What happens to a value outside its type's range (ap_fixed's overflow mode; docs/fixed-point.md). */
public enum Overflow {
    /** AP_WRAP, the default: keep the low W bits (two's complement wrap-around). */
    WRAP,
    /** AP_SAT: clamp to the largest or smallest value of the type. */
    SAT;

    /** The C++ enumerator, {@code AP_WRAP} or {@code AP_SAT}. */
    public String hls() {
        return "AP_" + name();
    }
}
