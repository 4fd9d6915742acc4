package dev.tailor.fixedpoint;

/**
 * Magnitudes seen in a tensor: the exact maximum, and a histogram in sixteenths of an octave from
 * 2^-64 to 2^64 for percentiles (a percentile is reported as the upper edge of its bin, so at most
 * 6.25 % above the true value; smaller magnitudes count in the lowest bin).
 */
public final class RangeHistogram {
    private static final int PER_OCTAVE = 16;
    private static final int LOWEST = -64;
    private static final int BINS = 128 * PER_OCTAVE;
    private final long[] counts = new long[BINS];
    private long zeros;
    private long total;
    private double max;

    public void add(double v) {
        double a = Math.abs(v);
        total++;
        max = Math.max(max, a);
        if (a == 0) {
            zeros++;
            return;
        }
        counts[bin(a)]++;
    }

    public void addAll(RangeHistogram o) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += o.counts[i];
        }
        zeros += o.zeros;
        total += o.total;
        max = Math.max(max, o.max);
    }

    public double max() {
        return max;
    }

    public long count() {
        return total;
    }

    /** The magnitude that {@code p} (0..1) of the values do not exceed, rounded up to a bin edge and capped at the maximum. */
    public double percentile(double p) {
        long need = (long) Math.ceil(p * total);
        long seen = zeros;
        if (seen >= need) {
            return 0;
        }
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= need) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    private static int bin(double a) {
        int exp = Math.getExponent(a);
        if (exp < LOWEST) {
            return 0;
        }
        if (exp >= LOWEST + 128) {
            return BINS - 1;
        }
        double mantissa = a / Math.scalb(1.0, exp); // 1 <= m < 2
        int sub = (int) ((mantissa - 1) * PER_OCTAVE);
        return (exp - LOWEST) * PER_OCTAVE + Math.min(sub, PER_OCTAVE - 1);
    }

    private static double upperEdge(int bin) {
        int exp = bin / PER_OCTAVE + LOWEST;
        int sub = bin % PER_OCTAVE;
        return Math.scalb(1.0 + (sub + 1.0) / PER_OCTAVE, exp);
    }
}
