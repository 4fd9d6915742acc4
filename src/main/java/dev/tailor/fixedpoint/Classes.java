package dev.tailor.fixedpoint;

/**
 * The predicted class of a logit vector: the largest, and among equal ones the lowest index.
 * Fixed-point logits tie far more often than float ones (saturated or coarse values), so both
 * the simulation and the fast path use this one rule.
 */
public final class Classes {
    private Classes() {
    }

    public static int argmax(double[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The same rule on raw integers of one fixed-point type (their order is the values' order). */
    public static int argmax(long[] raw) {
        int best = 0;
        for (int i = 1; i < raw.length; i++) {
            if (raw[i] > raw[best]) {
                best = i;
            }
        }
        return best;
    }
}
