package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.Shape;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a deployed network on one image in double precision, layer by layer, with no engine: the
 * float reference that exporters and the fixed-point simulation are checked against. BN layers
 * still present are applied with their running statistics (evaluation mode).
 */
public final class Interpreter {
    private Interpreter() {
    }

    /** Logits for one C x H x W image (channels first, row-major). */
    public static double[] logits(DeployedNetwork n, float[] image) {
        Map<String, double[]> all = activations(n, image);
        return all.get(n.graph().layers().get(n.graph().layers().size() - 1).name());
    }

    /** Every layer's output by layer name, in graph order. */
    public static Map<String, double[]> activations(DeployedNetwork n, float[] image) {
        Shape in = n.graph().spec().input();
        if (image.length != in.elements()) {
            throw new IllegalArgumentException("image has " + image.length + " values, the network expects " + in);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Layer l : n.graph().layers()) {
            double[] x = l.inputs().isEmpty() ? null : out.get(l.inputs().get(0));
            double[] y = switch (l.op()) {
                case INPUT -> toDouble(image);
                case CONV -> conv(l, x, n.weights());
                case BN -> batchNorm(l, x, n.weights());
                case RELU -> relu(x);
                case ADD -> add(x, out.get(l.inputs().get(1)));
                case MAXPOOL -> maxPool(l, x);
                case GLOBAL_AVGPOOL -> averagePool(l, x);
                case DENSE -> dense(l, x, n.weights());
            };
            out.put(l.name(), y);
        }
        return out;
    }

    static double[] conv(Layer l, double[] x, Weights w) {
        Tensor k = w.get(l.name() + ".weight");
        float[] kw = k.values();
        float[] bias = w.has(l.name() + ".bias") ? w.get(l.name() + ".bias").values() : null;
        Shape s = l.in();
        Shape o = l.out();
        int kk = l.kernel();
        int ci = s.channels();
        double[] y = new double[(int) o.elements()];
        for (int oc = 0; oc < o.channels(); oc++) {
            for (int oy = 0; oy < o.height(); oy++) {
                for (int ox = 0; ox < o.width(); ox++) {
                    double acc = bias == null ? 0 : bias[oc];
                    for (int c = 0; c < ci; c++) {
                        for (int ky = 0; ky < kk; ky++) {
                            int iy = oy * l.stride() + ky - l.padding();
                            if (iy < 0 || iy >= s.height()) {
                                continue;
                            }
                            for (int kx = 0; kx < kk; kx++) {
                                int ix = ox * l.stride() + kx - l.padding();
                                if (ix >= 0 && ix < s.width()) {
                                    acc += kw[((oc * ci + c) * kk + ky) * kk + kx] * x[(c * s.height() + iy) * s.width() + ix];
                                }
                            }
                        }
                    }
                    y[(oc * o.height() + oy) * o.width() + ox] = acc;
                }
            }
        }
        return y;
    }

    private static double[] batchNorm(Layer l, double[] x, Weights w) {
        float[] g = w.get(l.name() + ".gamma").values();
        float[] b = w.get(l.name() + ".beta").values();
        float[] m = w.get(l.name() + ".runningMean").values();
        float[] v = w.get(l.name() + ".runningVar").values();
        int plane = (int) l.out().pixels();
        double[] y = new double[x.length];
        for (int c = 0; c < l.out().channels(); c++) {
            double s = g[c] / Math.sqrt(v[c] + FoldBatchNorm.EPSILON);
            for (int i = 0; i < plane; i++) {
                y[c * plane + i] = (x[c * plane + i] - m[c]) * s + b[c];
            }
        }
        return y;
    }

    private static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    private static double[] maxPool(Layer l, double[] x) {
        Shape s = l.in();
        Shape o = l.out();
        double[] y = new double[(int) o.elements()];
        for (int c = 0; c < o.channels(); c++) {
            for (int oy = 0; oy < o.height(); oy++) {
                for (int ox = 0; ox < o.width(); ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < l.kernel(); ky++) {
                        for (int kx = 0; kx < l.kernel(); kx++) {
                            int iy = oy * l.stride() + ky - l.padding();
                            int ix = ox * l.stride() + kx - l.padding();
                            if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                best = Math.max(best, x[(c * s.height() + iy) * s.width() + ix]);
                            }
                        }
                    }
                    y[(c * o.height() + oy) * o.width() + ox] = best;
                }
            }
        }
        return y;
    }

    private static double[] averagePool(Layer l, double[] x) {
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

    private static double[] dense(Layer l, double[] x, Weights w) {
        float[] k = w.get(l.name() + ".weight").values();
        float[] b = w.get(l.name() + ".bias").values();
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

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
