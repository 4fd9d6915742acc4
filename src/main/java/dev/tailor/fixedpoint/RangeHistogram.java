package dev.tailor.fixedpoint;

/**
 * Magnitudes seen in a tensor: the exact maximum, and a histogram in sixteenths of an octave from
 * 2^-64 to 2^64, with how many of each bin were negative, for percentiles and for the quantisation
 * error of a type (a percentile is reported as the upper edge of its bin, so at most 6.25 % above
 * the true value; smaller magnitudes count in the lowest bin).
 */
public final class RangeHistogram {
    private static final int PER_OCTAVE = 16;
    private static final int LOWEST = -64;
    private static final int BINS = 128 * PER_OCTAVE;
    /** Points per bin at which {@link #meanSquaredError} evaluates the type's conversion. */
    private static final int SAMPLES_PER_BIN = 16;
    private final long[] counts = new long[BINS];
    private final long[] negatives = new long[BINS];
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
        int b = bin(a);
        counts[b]++;
        if (v < 0) {
            negatives[b]++;
        }
    }

    public void addAll(RangeHistogram o) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += o.counts[i];
            negatives[i] += o.negatives[i];
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

    /**
     * The mean squared error of assigning the values seen to {@code t} (its rounding and overflow
     * included): each bin's values are taken as spread evenly over the bin, with their signs, and
     * the conversion is evaluated at {@value #SAMPLES_PER_BIN} points across it; the top bin ends
     * at the maximum, so nothing larger than the maximum is assumed. Zero when nothing was seen.
     */
    public double meanSquaredError(FixedType t) {
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < BINS; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double hi = Math.min(max, upperEdge(i));
            double lo = Math.min(hi, i == 0 ? 0 : upperEdge(i - 1));
            long negative = negatives[i];
            long positive = counts[i] - negative;
            double positiveSum = 0;
            double negativeSum = 0;
            for (int k = 0; k < SAMPLES_PER_BIN; k++) {
                double a = lo + (k + 0.5) / SAMPLES_PER_BIN * (hi - lo);
                if (positive > 0) {
                    double e = t.toDouble(t.fromDouble(a)) - a;
                    positiveSum += e * e;
                }
                if (negative > 0) {
                    double e = t.toDouble(t.fromDouble(-a)) + a;
                    negativeSum += e * e;
                }
            }
            sum += (positive * positiveSum + negative * negativeSum) / SAMPLES_PER_BIN;
        }
        return sum / total;
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
