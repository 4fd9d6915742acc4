package dev.tailor.kernels;

/**
 * The convolution, its input gradient and its weight (and bias) gradient as plain loops in double
 * precision: the independent answer every kernel is checked against. Arrays are in logical
 * (N, C, H, W) order; the weights (out, in / groups, kh, kw).
 */
public final class ConvReference {
    /** The forward output and, for a training check, the three gradients (null for inference). */
    public record Result(double[] output, double[] inputGradient, double[] weightGradient, double[] biasGradient) {
    }

    private ConvReference() {
    }

    /**
     * {@code upstream} is the gradient arriving at the output (N, out, H', W'); null computes the
     * forward pass alone.
     */
    public static Result compute(ConvShape s, int n, double[] x, double[] w, double[] b, double[] upstream) {
        Window o = s.output();
        int c = s.in();
        int h = s.input().height();
        int wd = s.input().width();
        int kh = s.kernel().height();
        int kw = s.kernel().width();
        int cg = c / s.groups();
        int og = s.out() / s.groups();
        double[] y = new double[n * s.out() * o.height() * o.width()];
        boolean grads = upstream != null;
        double[] dx = grads ? new double[x.length] : null;
        double[] dw = grads ? new double[w.length] : null;
        double[] db = grads && b != null ? new double[s.out()] : null;
        for (int img = 0; img < n; img++) {
            for (int oc = 0; oc < s.out(); oc++) {
                int group = oc / og;
                for (int i = 0; i < o.height(); i++) {
                    for (int j = 0; j < o.width(); j++) {
                        int yi = ((img * s.out() + oc) * o.height() + i) * o.width() + j;
                        double sum = b == null ? 0 : b[oc];
                        double up = grads ? upstream[yi] : 0;
                        for (int ci = 0; ci < cg; ci++) {
                            int ch = group * cg + ci;
                            for (int ky = 0; ky < kh; ky++) {
                                int r = i * s.stride().height() + ky * s.dilation().height() - s.padding().height();
                                if (r < 0 || r >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int q = j * s.stride().width() + kx * s.dilation().width() - s.padding().width();
                                    if (q < 0 || q >= wd) {
                                        continue;
                                    }
                                    int xi = ((img * c + ch) * h + r) * wd + q;
                                    int wi = ((oc * cg + ci) * kh + ky) * kw + kx;
                                    sum += w[wi] * x[xi];
                                    if (grads) {
                                        dx[xi] += w[wi] * up;
                                        dw[wi] += x[xi] * up;
                                    }
                                }
                            }
                        }
                        y[yi] = sum;
                        if (db != null) {
                            db[oc] += up;
                        }
                    }
                }
            }
        }
        return new Result(y, dx, dw, db);
    }

    /**
     * How far {@code got} is from {@code want}: the larger of the relative L2 difference and a
     * tenth of the largest element's difference relative to the largest |want| (one wrong
     * element among many still shows); infinite if any value is not finite.
     */
    public static double error(float[] got, double[] want) {
        if (got.length != want.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double norm = 0;
        double maxDiff = 0;
        double maxWant = 0;
        for (int i = 0; i < got.length; i++) {
            if (!Float.isFinite(got[i])) {
                return Double.POSITIVE_INFINITY;
            }
            double d = got[i] - want[i];
            diff += d * d;
            norm += want[i] * want[i];
            maxDiff = Math.max(maxDiff, Math.abs(d));
            maxWant = Math.max(maxWant, Math.abs(want[i]));
        }
        double l2 = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
        double max = maxDiff / Math.max(maxWant, 1e-30) / 10;
        return Math.max(l2, max);
    }
}
