package dev.tailor.data;

import java.util.Arrays;

/** Per-channel mean and standard deviation in pixel units (0..255), computed from a training set. */
public record Normalization(double[] mean, double[] std) {

    public static Normalization of(Dataset d) {
        int c = d.shape().channels();
        long plane = d.shape().pixels();
        double[] sum = new double[c];
        double[] sq = new double[c];
        byte[] px = d.pixels();
        int e = (int) d.shape().elements();
        for (int i = 0; i < d.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = i * e + (int) (ch * plane);
                double s = 0;
                double q = 0;
                for (int k = 0; k < plane; k++) {
                    int v = px[base + k] & 0xff;
                    s += v;
                    q += (double) v * v;
                }
                sum[ch] += s;
                sq[ch] += q;
            }
        }
        double n = (double) d.size() * plane;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = sum[ch] / n;
            std[ch] = Math.max(1e-3, Math.sqrt(Math.max(0, sq[ch] / n - mean[ch] * mean[ch])));
        }
        return new Normalization(mean, std);
    }

    @Override
    public String toString() {
        return "mean " + Arrays.toString(mean) + " std " + Arrays.toString(std);
    }
}
