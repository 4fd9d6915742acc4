package dev.tailor.stats;

import java.util.Arrays;

/**
 * The spread of one quantity over seeds: mean and sample standard deviation (n − 1 in the
 * denominator; NaN for a single value).
 */
public record Spread(int n, double mean, double sd) {

    public static Spread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double mean = Arrays.stream(values).sum() / values.length;
        if (values.length == 1) {
            return new Spread(1, mean, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Spread(values.length, mean, Math.sqrt(ss / (values.length - 1)));
    }

    /** Standard error of the mean. */
    public double standardError() {
        return sd / Math.sqrt(n);
    }
}
