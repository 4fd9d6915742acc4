package dev.tailor.stats;

/**
 * A paired comparison of A and B measured on the same units (here: the same seed, so the same
 * initial weights and data order): the differences A − B, their mean, its two-sided confidence
 * interval from Student's t with n − 1 degrees of freedom, and how often each side won.
 * With one pair the interval is undefined (NaN).
 *
 * @param level the interval's coverage, e.g. 0.95
 */
public record PairedDifference(Spread difference, double level, double low, double high, int winsA, int winsB, int ties) {

    public static PairedDifference of(double[] a, double[] b, double level) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("paired values need equal, non-zero counts, got " + a.length + " and " + b.length);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("an interval's level must be in (0, 1), got " + level);
        }
        double[] d = new double[a.length];
        int winsA = 0;
        int winsB = 0;
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
            if (d[i] > 0) {
                winsA++;
            } else if (d[i] < 0) {
                winsB++;
            }
        }
        Spread s = Spread.of(d);
        double half = s.n() < 2 ? Double.NaN : StudentT.quantile(0.5 + level / 2, s.n() - 1) * s.standardError();
        return new PairedDifference(s, level, s.mean() - half, s.mean() + half, winsA, winsB, a.length - winsA - winsB);
    }

    public int n() {
        return difference.n();
    }

    public double mean() {
        return difference.mean();
    }

    /** Whether the interval lies wholly on one side of zero. */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }
}
