package dev.tailor.nn;

import java.util.Map;

/**
 * A plain-Java forward pass of a CIFAR-family ResNet in evaluation mode, written straight from
 * the block formulas of docs/method.md (not from the code under test), for one image C x H x W.
 */
final class ReferenceNet {
    private final Map<String, float[]> w;
    private final Map<String, long[]> shapes;

    ReferenceNet(Map<String, float[]> weights, Map<String, long[]> shapes) {
        this.w = weights;
        this.shapes = shapes;
    }

    /** The live values of one parameter: changing them changes what the reference computes. */
    float[] weight(String name) {
        return w.get(name);
    }

    /** Feature map: [c][h][w] flattened, with its dimensions. */
    record Map3(float[] v, int c, int h, int wd) {
        Map3 plus(Map3 o) {
            float[] r = new float[v.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = v[i] + o.v[i];
            }
            return new Map3(r, c, h, wd);
        }

        Map3 relu() {
            float[] r = new float[v.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = Math.max(0, v[i]);
            }
            return new Map3(r, c, h, wd);
        }
    }

    Map3 conv(String name, Map3 x, int stride) {
        long[] s = shapes.get(name + ".weight");
        int co = (int) s[0];
        int ci = (int) s[1];
        int k = (int) s[2];
        int pad = k / 2;
        int ho = (x.h + 2 * pad - k) / stride + 1;
        int wo = (x.wd + 2 * pad - k) / stride + 1;
        float[] kw = w.get(name + ".weight");
        float[] out = new float[co * ho * wo];
        for (int o = 0; o < co; o++) {
            for (int y = 0; y < ho; y++) {
                for (int xx = 0; xx < wo; xx++) {
                    double acc = 0;
                    for (int i = 0; i < ci; i++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = y * stride + ky - pad;
                                int ix = xx * stride + kx - pad;
                                if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.wd) {
                                    acc += kw[((o * ci + i) * k + ky) * k + kx] * x.v[(i * x.h + iy) * x.wd + ix];
                                }
                            }
                        }
                    }
                    out[(o * ho + y) * wo + xx] = (float) acc;
                }
            }
        }
        return new Map3(out, co, ho, wo);
    }

    Map3 bn(String name, Map3 x) {
        float[] g = w.get(name + ".gamma");
        float[] b = w.get(name + ".beta");
        float[] m = w.get(name + ".runningMean");
        float[] v = w.get(name + ".runningVar");
        float[] r = new float[x.v.length];
        int plane = x.h * x.wd;
        for (int c = 0; c < x.c; c++) {
            double inv = 1 / Math.sqrt(v[c] + 1e-5);
            for (int i = 0; i < plane; i++) {
                r[c * plane + i] = (float) ((x.v[c * plane + i] - m[c]) * inv * g[c] + b[c]);
            }
        }
        return new Map3(r, x.c, x.h, x.wd);
    }

    float[] logits(Map3 x) {
        long[] fs = shapes.get("fc.weight");
        int classes = (int) fs[0];
        int feats = (int) fs[1];
        float[] fw = w.get("fc.weight");
        float[] fb = w.get("fc.bias");
        int plane = x.h * x.wd;
        float[] pooled = new float[feats];
        for (int c = 0; c < feats; c++) {
            double s = 0;
            for (int i = 0; i < plane; i++) {
                s += Math.max(0, x.v[c * plane + i]); // final ReLU, then global average pool
            }
            pooled[c] = (float) (s / plane);
        }
        float[] out = new float[classes];
        for (int k = 0; k < classes; k++) {
            double s = fb[k];
            for (int c = 0; c < feats; c++) {
                s += fw[k * feats + c] * pooled[c];
            }
            out[k] = (float) s;
        }
        return out;
    }

    /** Max-pool 3x3, stride 2, padding 1 (the ImageNet stem's). */
    Map3 maxPool(Map3 x) {
        int ho = (x.h + 2 - 3) / 2 + 1;
        int wo = (x.wd + 2 - 3) / 2 + 1;
        float[] out = new float[x.c * ho * wo];
        for (int c = 0; c < x.c; c++) {
            for (int y = 0; y < ho; y++) {
                for (int xx = 0; xx < wo; xx++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = 2 * y + ky - 1;
                            int ix = 2 * xx + kx - 1;
                            if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.wd) {
                                best = Math.max(best, x.v[(c * x.h + iy) * x.wd + ix]);
                            }
                        }
                    }
                    out[(c * ho + y) * wo + xx] = best;
                }
            }
        }
        return new Map3(out, x.c, ho, wo);
    }

    Map3 proj(String block, Map3 x, int stride) {
        return bn(block + ".proj.bn", conv(block + ".proj.conv", x, stride));
    }

    /** Standard topology: a = ReLU(x); long: BN2(C2(ReLU(BN1(C1(a))))) + P(a). */
    Map3 standardBlock(String p, Map3 x, int stride, boolean hasProj, String mode) {
        Map3 a = x.relu();
        switch (mode) {
            case "long": {
                Map3 y = bn(p + ".bn2", conv(p + ".conv2", bn(p + ".bn1", conv(p + ".conv1", a, stride)).relu(), 1));
                return y.plus(hasProj ? proj(p, a, stride) : a);
            }
            case "none":
                return bn(p + ".bn2", conv(p + ".conv2", bn(p + ".bn1", conv(p + ".conv1", a, stride)).relu(), 1));
            default: {
                Map3 h = bn(p + ".bn1", conv(p + ".conv1", a, stride)).relu().plus(hasProj ? proj(p, a, stride) : a);
                return bn(p + ".bn2", conv(p + ".conv2", h, 1)).plus(h);
            }
        }
    }

    /** Short-teacher topology: h = ReLU(BN1(C1(x))); long: ReLU(BN2(C2(h))) + P(x); shortened adds per conv. */
    Map3 shortTeacherBlock(String p, Map3 x, int stride, boolean hasProj, String mode) {
        switch (mode) {
            case "long": {
                Map3 h = bn(p + ".bn1", conv(p + ".conv1", x, stride)).relu();
                return bn(p + ".bn2", conv(p + ".conv2", h, 1)).relu().plus(hasProj ? proj(p, x, stride) : x);
            }
            case "none": {
                Map3 h = bn(p + ".bn1", conv(p + ".conv1", x, stride)).relu();
                return bn(p + ".bn2", conv(p + ".conv2", h, 1)).relu();
            }
            default: {
                Map3 h = bn(p + ".bn1", conv(p + ".conv1", x, stride)).relu().plus(hasProj ? proj(p, x, stride) : x);
                return bn(p + ".bn2", conv(p + ".conv2", h, 1)).relu().plus(h);
            }
        }
    }

    /**
     * Bottleneck (either topology): a = ReLU(x); long: BN3(C3(ReLU(BN2(C2(ReLU(BN1(C1(a)))))))) + P(a);
     * shortened: h1 = ReLU(BN1(C1(a))) + D1(a), h2 = ReLU(BN2(C2(h1))) + D2(h1), BN3(C3(h2)) + D3(h2),
     * where Di is the identity or the new projection {@code shortI} when conv i changes shape.
     */
    Map3 bottleneckBlock(String p, Map3 x, int stride, boolean hasProj, boolean[] shortProj, String mode) {
        Map3 a = x.relu();
        if (mode.equals("short")) {
            Map3 h1 = bn(p + ".bn1", conv(p + ".conv1", a, 1)).relu().plus(shortProj[0] ? shortcut(p, 1, a, 1) : a);
            Map3 h2 = bn(p + ".bn2", conv(p + ".conv2", h1, stride)).relu().plus(shortProj[1] ? shortcut(p, 2, h1, stride) : h1);
            return bn(p + ".bn3", conv(p + ".conv3", h2, 1)).plus(shortProj[2] ? shortcut(p, 3, h2, 1) : h2);
        }
        Map3 h = bn(p + ".bn2", conv(p + ".conv2", bn(p + ".bn1", conv(p + ".conv1", a, 1)).relu(), stride)).relu();
        Map3 y = bn(p + ".bn3", conv(p + ".conv3", h, 1));
        return mode.equals("none") ? y : y.plus(hasProj ? proj(p, a, stride) : a);
    }

    private Map3 shortcut(String block, int i, Map3 x, int stride) {
        return bn(block + ".short" + i + ".bn", conv(block + ".short" + i + ".conv", x, stride));
    }
}
