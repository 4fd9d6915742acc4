package dev.tailor.data.audio;

/**
 * In-place radix-2 complex FFT of one fixed power-of-two size, its twiddle factors and bit-reversal
 * order computed once; it keeps no state between calls, so threads may share one.
 */
public final class Fft {
    private final int n;
    private final int[] reversed;
    private final double[] cos;
    private final double[] sin;

    public Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two, at least 2, got " + n);
        }
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = -Math.sin(2 * Math.PI * k / n);
        }
    }

    public int size() {
        return n;
    }

    /** X[k] = sum_t x[t] e^(-2 pi i k t / n), in place. */
    public void forward(double[] re, double[] im) {
        if (re.length != n || im.length != n) {
            throw new IllegalArgumentException("FFT of size " + n + " given arrays of " + re.length + " and " + im.length);
        }
        for (int i = 0; i < n; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int half = 1; half < n; half *= 2) {
            int stride = n / (2 * half);
            for (int start = 0; start < n; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * stride];
                    double wi = sin[k * stride];
                    int a = start + k;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    /** The inverse transform, scaled by 1/n, in place: the conjugate of the forward transform of the conjugate. */
    public void inverse(double[] re, double[] im) {
        for (int i = 0; i < n; i++) {
            im[i] = -im[i];
        }
        forward(re, im);
        for (int i = 0; i < n; i++) {
            re[i] /= n;
            im[i] = -im[i] / n;
        }
    }
}
