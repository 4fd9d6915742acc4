package dev.tailor.data.audio;

import java.util.Locale;
import java.util.Random;

/**
 * Background noise whose power falls with frequency as 1/f^exponent: white (flat), pink (1/f),
 * brown (1/f^2). Made in the frequency domain: random phases and Gaussian magnitudes shaped by the
 * colour, inverse FFT, scaled to unit RMS.
 */
public enum NoiseColor {
    WHITE(0),
    PINK(1),
    BROWN(2);

    private final double exponent;

    NoiseColor(int exponent) {
        this.exponent = exponent;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code n} samples of this noise with RMS 1, from {@code rng} only. */
    public float[] samples(int n, Random rng) {
        int size = Integer.highestOneBit(Math.max(2, n - 1)) * 2;
        double[] re = new double[size];
        double[] im = new double[size];
        for (int k = 1; k < size / 2; k++) {
            // Power spectrum ~ 1/f^exponent, so amplitude ~ f^(-exponent/2). DC is left at 0.
            double gain = Math.pow(k, -exponent / 2);
            re[k] = gain * rng.nextGaussian();
            im[k] = gain * rng.nextGaussian();
            re[size - k] = re[k];
            im[size - k] = -im[k];
        }
        new Fft(size).inverse(re, im);
        float[] out = new float[n];
        double sq = 0;
        for (int i = 0; i < n; i++) {
            sq += re[i] * re[i];
        }
        double scale = sq == 0 ? 0 : 1 / Math.sqrt(sq / n);
        for (int i = 0; i < n; i++) {
            out[i] = (float) (re[i] * scale);
        }
        return out;
    }
}
