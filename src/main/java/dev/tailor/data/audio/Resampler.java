package dev.tailor.data.audio;

/**
 * Band-limited resampling between two fixed rates: each output sample is a Blackman-windowed sinc
 * interpolation of the input (16 zero crossings each side), the cutoff at 95 % of the lower Nyquist
 * frequency so that downsampling does not alias. The rates' ratio L/M (in lowest terms) repeats the
 * same L fractional positions, whose weights are computed once.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;
    private static final int MAX_PHASES = 4096;

    private final int from;
    private final int to;
    private final int up;
    private final int down;
    private final int reach;
    private final float[][] weights;

    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        int g = gcd(fromRate, toRate);
        this.from = fromRate;
        this.to = toRate;
        this.up = toRate / g;
        this.down = fromRate / g;
        if (up > MAX_PHASES) {
            throw new IllegalArgumentException("resampling " + fromRate + " -> " + toRate + " Hz needs " + up + " phases, at most "
                    + MAX_PHASES);
        }
        double cutoff = 0.95 * Math.min(1.0, (double) toRate / fromRate); // as a fraction of the input Nyquist frequency
        double halfWidth = ZERO_CROSSINGS / cutoff;
        reach = (int) Math.ceil(halfWidth);
        weights = new float[up][2 * reach];
        for (int p = 0; p < up; p++) {
            double frac = (double) p / up;
            double sum = 0;
            double[] w = new double[2 * reach];
            for (int j = 0; j < w.length; j++) {
                double t = frac - (j - reach + 1); // distance from input sample floor(x) + j - reach + 1
                w[j] = Math.abs(t) >= halfWidth ? 0 : cutoff * sinc(cutoff * t) * blackman(t / halfWidth);
                sum += w[j];
            }
            for (int j = 0; j < w.length; j++) {
                weights[p][j] = (float) (w[j] / sum); // unit gain at DC in every phase
            }
        }
    }

    public int fromRate() {
        return from;
    }

    public int toRate() {
        return to;
    }

    public float[] apply(float[] in) {
        int n = (int) (((long) in.length * up + down - 1) / down);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            long pos = (long) i * down;
            int base = (int) (pos / up);
            float[] w = weights[(int) (pos % up)];
            int first = base - reach + 1;
            double s = 0;
            for (int j = 0; j < w.length; j++) {
                int k = first + j;
                if (k >= 0 && k < in.length) {
                    s += w[j] * in[k];
                }
            }
            out[i] = (float) s;
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** The Blackman window on [-1, 1]. */
    private static double blackman(double u) {
        return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
