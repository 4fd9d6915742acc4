package dev.tailor.data.audio;

/**
 * Triangular filters evenly spaced on the HTK mel scale ({@code 2595 log10(1 + f/700)}), each 1 at its
 * centre and 0 at its neighbours' centres, evaluated at the FFT bin frequencies: between the first and
 * the last centre the weights of every bin sum to 1.
 */
public final class MelFilterbank {
    private final int bands;
    private final int bins;
    private final double[][] weights;
    private final double[] centres;

    public MelFilterbank(int bands, int fftSize, int sampleRate, double minHz, double maxHz) {
        if (bands < 1 || !(minHz >= 0 && minHz < maxHz && maxHz <= sampleRate / 2.0)) {
            throw new IllegalArgumentException("mel filterbank of " + bands + " bands from " + minHz + " to " + maxHz
                    + " Hz at " + sampleRate + " Hz");
        }
        this.bands = bands;
        this.bins = fftSize / 2 + 1;
        double lo = mel(minHz);
        double hi = mel(maxHz);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(lo + (hi - lo) * i / (bands + 1));
        }
        centres = java.util.Arrays.copyOfRange(edges, 1, bands + 1);
        weights = new double[bands][bins];
        for (int b = 0; b < bands; b++) {
            double left = edges[b];
            double centre = edges[b + 1];
            double right = edges[b + 2];
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / fftSize;
                if (f > left && f < right) {
                    weights[b][k] = f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                }
            }
        }
    }

    public static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    public static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    public int bands() {
        return bands;
    }

    public int bins() {
        return bins;
    }

    /** The centre frequency of band {@code b}, in Hz. */
    public double centre(int b) {
        return centres[b];
    }

    public double weight(int band, int bin) {
        return weights[band][bin];
    }

    /** Band energies of one power spectrum of {@link #bins()} values. */
    public void apply(double[] power, double[] out) {
        for (int b = 0; b < bands; b++) {
            double[] w = weights[b];
            double s = 0;
            for (int k = 0; k < bins; k++) {
                s += w[k] * power[k];
            }
            out[b] = s;
        }
    }
}
