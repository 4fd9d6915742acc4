import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

import java.util.Random;

/**
 * Probes libtorch's own 1x1 convolution (no Tailor code) for one shape: the weight gradient of
 * conv2d(x, w, stride) against plain-Java loops, repeated. Prints "ok" or "WRONG" and the worst
 * relative error; a broken kernel may instead crash the JVM or leave it spinning, which the
 * caller (bench/narrow-conv-sweep.sh) reports. Usage, from the repository root after a build:
 *   java -cp "target/lib/*" bench/NarrowConvProbe.java IN_CHANNELS STRIDE cl|nchw [REPEATS]
 * RELIABILITY.md, "Convolution kernels", has what it found.
 */
public class NarrowConvProbe {
    public static void main(String[] args) {
        int in = Integer.parseInt(args[0]);
        int stride = Integer.parseInt(args[1]);
        boolean channelsLast = args[2].equals("cl");
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int n = 32;
        int size = 32;
        int out = 16;
        int ho = (size - 1) / stride + 1;
        Random rng = new Random(1);
        float[] xv = new float[n * in * size * size];
        float[] wv = new float[out * in];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < wv.length; i++) {
            wv[i] = (float) rng.nextGaussian();
        }
        // d/dw of sum(y^2) = sum over pixels of 2 y x.
        double[] want = new double[wv.length];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < ho; j++) {
                    for (int o = 0; o < out; o++) {
                        double y = 0;
                        for (int c = 0; c < in; c++) {
                            y += (double) wv[o * in + c] * xv[((b * in + c) * size + i * stride) * size + j * stride];
                        }
                        for (int c = 0; c < in; c++) {
                            want[o * in + c] += 2 * y * xv[((b * in + c) * size + i * stride) * size + j * stride];
                        }
                    }
                }
            }
        }
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int r = 0; r < repeats; r++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(xv, new Shape(n, in, size, size));
                    if (channelsLast) {
                        x = x.transpose(0, 2, 3, 1).flatten().reshape(n, size, size, in).transpose(0, 3, 1, 2);
                    }
                    NDArray w = step.create(wv, new Shape(out, in, 1, 1));
                    w.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(0, 0), new Shape(1, 1), 1)
                                .singletonOrThrow();
                        gc.backward(y.mul(y).sum());
                    }
                    float[] got = w.getGradient().toFloatArray();
                    for (int i = 0; i < got.length; i++) {
                        double e = Math.abs(got[i] - want[i]) / scale;
                        worst = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(worst, e);
                    }
                }
            }
        }
        System.out.printf("%s in=%d stride=%d %s worst relative error %.1e%n", worst < 1e-4 ? "ok" : "WRONG", in, stride,
                channelsLast ? "channels-last" : "nchw", worst);
    }
}
