package dev.tailor.data;

import dev.tailor.net.Shape;

import java.util.Random;

/**
 * A seeded dataset a small ResNet learns in a few hundred steps, for tests and smoke runs: each
 * class is a fixed random low-frequency pattern; a sample is its class pattern, shifted by up to two
 * pixels, with random contrast and pixel noise.
 */
public final class SyntheticDataset {
    private SyntheticDataset() {
    }

    public static Dataset generate(int n, Shape shape, int classes, long seed) {
        Random rng = new Random(seed);
        int c = shape.channels();
        int h = shape.height();
        int w = shape.width();
        // Class patterns come from a seed of their own, so train and test sets made with different
        // seeds share the same classes.
        float[][] patterns = patterns(shape, classes, new Random(0x7a11_0000L + classes));
        byte[] px = new byte[(int) (n * shape.elements())];
        int[] labels = new int[n];
        int e = (int) shape.elements();
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(classes);
            labels[i] = label;
            int dy = rng.nextInt(5) - 2;
            int dx = rng.nextInt(5) - 2;
            float contrast = 0.6f + 0.8f * rng.nextFloat();
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sy = Math.floorMod(y + dy, h);
                        int sx = Math.floorMod(x + dx, w);
                        float v = 128 + contrast * patterns[label][(ch * h + sy) * w + sx] + 40 * (float) rng.nextGaussian();
                        px[i * e + (ch * h + y) * w + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
        }
        return new Dataset("synthetic", shape, classes, px, labels);
    }

    private static float[][] patterns(Shape s, int classes, Random rng) {
        float[][] p = new float[classes][(int) s.elements()];
        for (int k = 0; k < classes; k++) {
            for (int ch = 0; ch < s.channels(); ch++) {
                // Sum of three random plane waves: smooth, distinct per class.
                double[] fy = new double[3];
                double[] fx = new double[3];
                double[] ph = new double[3];
                for (int j = 0; j < 3; j++) {
                    fy[j] = (rng.nextInt(5) - 2) * 2 * Math.PI / s.height();
                    fx[j] = (rng.nextInt(5) - 2) * 2 * Math.PI / s.width();
                    ph[j] = rng.nextDouble() * 2 * Math.PI;
                }
                for (int y = 0; y < s.height(); y++) {
                    for (int x = 0; x < s.width(); x++) {
                        double v = 0;
                        for (int j = 0; j < 3; j++) {
                            v += Math.cos(fy[j] * y + fx[j] * x + ph[j]);
                        }
                        p[k][(ch * s.height() + y) * s.width() + x] = (float) (30 * v);
                    }
                }
            }
        }
        return p;
    }
}
