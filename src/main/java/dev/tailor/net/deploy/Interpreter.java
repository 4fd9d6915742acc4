package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.Weights;

import java.util.Map;

/**
 * Runs a deployed network on one image in double precision, layer by layer, with no engine: the
 * float reference that exporters and the fixed-point simulation are checked against. BN layers
 * still present are applied with their running statistics (evaluation mode).
 */
public final class Interpreter implements LayerOps<double[]> {
    private final Weights weights;

    private Interpreter(Weights weights) {
        this.weights = weights;
    }

    /** Logits for one C x H x W image (channels first, row-major). */
    public static double[] logits(DeployedNetwork n, float[] image) {
        return LayerOps.output(n.graph(), checked(n, image), new Interpreter(n.weights()));
    }

    /** Every layer's output by layer name, in graph order. */
    public static Map<String, double[]> activations(DeployedNetwork n, float[] image) {
        return LayerOps.run(n.graph(), checked(n, image), new Interpreter(n.weights()));
    }

    private static double[] checked(DeployedNetwork n, float[] image) {
        Shape in = n.graph().spec().input();
        if (image.length != in.elements()) {
            throw new IllegalArgumentException("image has " + image.length + " values, the network expects " + in);
        }
        double[] d = new double[image.length];
        for (int i = 0; i < image.length; i++) {
            d[i] = image[i];
        }
        return d;
    }

    /** Sums over the window in tap order, channels innermost (the order {@code FixedPointSimulator} uses too). */
    @Override
    public double[] conv(Layer l, double[] x) {
        float[] kw = weights.get(l.name() + ".weight").values();
        float[] bias = weights.has(l.name() + ".bias") ? weights.get(l.name() + ".bias").values() : null;
        int ci = l.in().channels();
        int plane = (int) l.in().pixels();
        int kk = l.kernel() * l.kernel();
        int pixels = (int) l.out().pixels();
        int[] taps = Window.taps(l);
        double[] y = new double[(int) l.out().elements()];
        for (int oc = 0; oc < l.out().channels(); oc++) {
            for (int p = 0; p < pixels; p++) {
                double acc = bias == null ? 0 : bias[oc];
                for (int t = 0; t < kk; t++) {
                    int ix = taps[p * kk + t];
                    if (ix < 0) {
                        continue;
                    }
                    for (int c = 0; c < ci; c++) {
                        acc += kw[(oc * ci + c) * kk + t] * x[c * plane + ix];
                    }
                }
                y[oc * pixels + p] = acc;
            }
        }
        return y;
    }

    @Override
    public double[] batchNorm(Layer l, double[] x) {
        float[] g = weights.get(l.name() + ".gamma").values();
        float[] b = weights.get(l.name() + ".beta").values();
        float[] m = weights.get(l.name() + ".runningMean").values();
        float[] v = weights.get(l.name() + ".runningVar").values();
        int plane = (int) l.out().pixels();
        double[] y = new double[x.length];
        for (int c = 0; c < l.out().channels(); c++) {
            double s = g[c] / Math.sqrt(v[c] + Op.BN_EPSILON);
            for (int i = 0; i < plane; i++) {
                y[c * plane + i] = (x[c * plane + i] - m[c]) * s + b[c];
            }
        }
        return y;
    }

    @Override
    public double[] relu(Layer l, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    @Override
    public double[] add(Layer l, double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    @Override
    public double[] maxPool(Layer l, double[] x) {
        int[] src = Window.maxSources(l, (i, j) -> Double.compare(x[i], x[j]));
        double[] y = new double[src.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[src[i]];
        }
        return y;
    }

    @Override
    public double[] averagePool(Layer l, double[] x) {
        int plane = (int) l.in().pixels();
        double[] y = new double[l.in().channels()];
        for (int c = 0; c < y.length; c++) {
            double s = 0;
            for (int i = 0; i < plane; i++) {
                s += x[c * plane + i];
            }
            y[c] = s / plane;
        }
        return y;
    }

    @Override
    public double[] dense(Layer l, double[] x) {
        float[] k = weights.get(l.name() + ".weight").values();
        float[] b = weights.get(l.name() + ".bias").values();
        double[] y = new double[l.out().channels()];
        for (int o = 0; o < y.length; o++) {
            double s = b[o];
            for (int i = 0; i < x.length; i++) {
                s += k[o * x.length + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }
}
