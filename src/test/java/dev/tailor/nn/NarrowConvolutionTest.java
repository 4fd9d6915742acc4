package dev.tailor.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forward pass and both gradients of every conv shape a narrow model uses, in both activation
 * layouts, against plain-Java loops, through the model's own route (the checked kernel choice of
 * docs/kernels.md). libtorch 2.7.1's oneDNN got several of these wrong or crashed on them, on some
 * CPUs (RELIABILITY.md, "Convolution kernels"); whatever this CPU's kernels do, the model's
 * convolutions must be right.
 */
class NarrowConvolutionTest {
    @SharedManager
    private static NDManager manager;

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (MemoryLayout layout : MemoryLayout.values()) {
            for (int stride : new int[]{1, 2}) {
                for (int in : new int[]{1, 2, 3, 4, 5, 6, 7, 8, 12, 15, 16, 17, 24, 32}) {
                    out.add(Arguments.of(1, stride, in, layout));
                }
                for (int in : new int[]{1, 3, 4, 8, 16}) {
                    out.add(Arguments.of(3, stride, in, layout));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{0} conv, stride {1}, {2} input channels, {3}")
    @MethodSource("shapes")
    void forwardAndGradientsMatchReference(int kernel, int stride, int in, MemoryLayout layout) {
        int n = 3;
        int size = 9;
        int out = Math.max(8, 2 * in);
        Random rng = new Random(31L * in + 7L * stride + kernel);
        float[] xv = gaussian(rng, n * in * size * size);
        float[] wv = gaussian(rng, out * in * kernel * kernel);
        int pad = kernel / 2;
        int ho = (size + 2 * pad - kernel) / stride + 1;
        float[] upstream = gaussian(rng, n * out * ho * ho);

        try (NDManager m = manager.newSubManager()) {
            NDArray x = layout.apply(m.create(xv, new Shape(n, in, size, size)));
            NDArray w = m.create(wv, new Shape(out, in, kernel, kernel));
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            Conv2d conv = Layers.conv(out, kernel, stride);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray result = new Convolution(dev.tailor.kernels.KernelChooser.shared(), layout).apply(x, w, null, conv);
                y = result.toFloatArray();
                gc.backward(result.mul(m.create(upstream, result.getShape())).sum());
            }
            // toFloatArray reads the logical NCHW order whatever the strides.
            float[] gx = x.getGradient().toFloatArray();
            float[] gw = w.getGradient().toFloatArray();

            double[] wantY = new double[n * out * ho * ho];
            double[] wantGx = new double[xv.length];
            double[] wantGw = new double[wv.length];
            for (int b = 0; b < n; b++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < ho; i++) {
                        for (int j = 0; j < ho; j++) {
                            int yi = ((b * out + o) * ho + i) * ho + j;
                            for (int c = 0; c < in; c++) {
                                for (int ky = 0; ky < kernel; ky++) {
                                    for (int kx = 0; kx < kernel; kx++) {
                                        int r = i * stride + ky - pad;
                                        int s = j * stride + kx - pad;
                                        if (r < 0 || r >= size || s < 0 || s >= size) {
                                            continue;
                                        }
                                        int xi = ((b * in + c) * size + r) * size + s;
                                        int wi = ((o * in + c) * kernel + ky) * kernel + kx;
                                        wantY[yi] += (double) wv[wi] * xv[xi];
                                        wantGx[xi] += (double) wv[wi] * upstream[yi];
                                        wantGw[wi] += (double) xv[xi] * upstream[yi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertClose("output", y, wantY);
            assertClose("input gradient", gx, wantGx);
            assertClose("weight gradient", gw, wantGw);
        }
    }

    /**
     * The symptom the old one-thread guard hid: a narrow model's training-mode gradients on the
     * engine's threads equal those on one thread, and are finite.
     */
    @ParameterizedTest(name = "ResNet-8 of width {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {4, 8})
    void trainingGradientsDoNotDependOnThreads(int width) {
        dev.tailor.net.NetSpec spec = dev.tailor.net.ModelZoo.build("resnet8", new dev.tailor.net.Shape(3, 16, 16), 10, width);
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        assertThat(threads).as("the test needs the engine's threads (surefire sets 2)").isGreaterThan(1);
        try (ResNetModel model = ResNetModel.create(spec, manager, 3); NDManager m = manager.newSubManager()) {
            // A fixed input: the engine's own random numbers depend on what ran before in the JVM.
            NDArray x = m.create(gaussian(new Random(17 + width), 16 * 3 * 16 * 16), new Shape(16, 3, 16, 16));
            java.util.Map<String, float[]> many = gradients(model, x);
            ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
            java.util.Map<String, float[]> one;
            try {
                one = gradients(model, x);
            } finally {
                ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
            }
            assertThat(many.keySet()).contains("stage2.block1.proj.conv.weight", "stage3.block1.proj.conv.weight");
            for (String name : many.keySet()) {
                double[] want = new double[one.get(name).length];
                for (int i = 0; i < want.length; i++) {
                    assertThat(Float.isFinite(many.get(name)[i])).as("%s[%d] finite", name, i).isTrue();
                    want[i] = one.get(name)[i];
                }
                assertCloseOverall(name, many.get(name), want);
            }
        }
    }

    /**
     * Close as a whole: |got - want| / |want| in the L2 norm. Per element it would not hold: BN's
     * training-mode backward subtracts nearly equal sums, so a summation order that differs with the
     * thread count moves single small elements by a fraction of a percent of the largest, while the
     * wrong results this test guards against are off by far more than 1e-3 overall.
     */
    static void assertCloseOverall(String what, float[] got, double[] want) {
        assertThat(got).as(what + " size").hasSize(want.length);
        double diff = 0;
        double norm = 1e-12;
        for (int i = 0; i < got.length; i++) {
            diff += (got[i] - want[i]) * (got[i] - want[i]);
            norm += want[i] * want[i];
        }
        assertThat(Math.sqrt(diff / norm)).as("%s: relative L2 difference, threads vs one thread", what).isLessThan(1e-3);
    }

    private static java.util.Map<String, float[]> gradients(ResNetModel model, NDArray x) {
        java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (String name : model.trainableNames()) {
            NDArray g = model.namedParameters().get(name).getArray().getGradient();
            g.subi(g);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.forward(x, true);
            gc.backward(logits.mul(logits).sum());
        }
        for (String name : model.trainableNames()) {
            out.put(name, model.namedParameters().get(name).getArray().getGradient().toFloatArray());
        }
        return out;
    }

    private static void assertClose(String what, float[] got, double[] want) {
        assertThat(got).as(what + " size").hasSize(want.length);
        double scale = 1e-6;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < got.length; i++) {
            assertThat(Math.abs(got[i] - want[i]) / scale).as("%s [%d]: %s vs %s", what, i, got[i], want[i]).isLessThan(1e-4);
        }
    }

    static float[] gaussian(Random rng, int count) {
        float[] v = new float[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }
}
