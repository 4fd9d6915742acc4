package dev.tailor.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Channels-last and NCHW must compute the same function and the same gradients. */
class MemoryLayoutTest {
    @Test
    void channelsLastKeepsValuesAndShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 2 * 3 * 4 * 5f, 1f).reshape(2, 3, 4, 5);
            NDArray y = MemoryLayout.CHANNELS_LAST.apply(x);
            assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 4, 5));
            assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
            assertThat(y.get(1, 2, 3, 4).getFloat()).isEqualTo(x.get(1, 2, 3, 4).getFloat());
            assertThat(MemoryLayout.NCHW.apply(x)).isSameAs(x);
        }
    }

    @Test
    void bothLayoutsGiveTheSameLogitsAndGradients() {
        for (SkipMode mode : SkipMode.values()) {
            NetSpec spec = ModelZoo.build("resnet8", new dev.tailor.net.Shape(3, 16, 16), 5, 8).withAllSkips(mode);
            try (NDManager m = NDManager.newBaseManager();
                 ResNetModel nchw = ResNetModel.create(spec, m, 4, new RuntimeSettings(MemoryLayout.NCHW));
                 ResNetModel last = ResNetModel.create(spec, m, 4, new RuntimeSettings(MemoryLayout.CHANNELS_LAST))) {
                // A fixed input: the engine's own random numbers depend on what ran before in the JVM.
                NDArray x = m.create(NarrowConvolutionTest.gaussian(new java.util.Random(5 + mode.ordinal()), 6 * 3 * 16 * 16),
                        new Shape(6, 3, 16, 16));
                Map<String, float[]> a = new LinkedHashMap<>();
                Map<String, float[]> b = new LinkedHashMap<>();
                float[] la = logitsAndGradients(nchw, x, a);
                float[] lb = logitsAndGradients(last, x, b);
                assertClose("logits " + mode, la, lb);
                assertThat(b.keySet()).isEqualTo(a.keySet()).isNotEmpty();
                // Gradients as a whole (NarrowConvolutionTest.assertCloseOverall says why not element by element).
                for (String name : a.keySet()) {
                    double[] want = new double[a.get(name).length];
                    for (int i = 0; i < want.length; i++) {
                        want[i] = a.get(name)[i];
                    }
                    NarrowConvolutionTest.assertCloseOverall(name + " " + mode, b.get(name), want);
                }
            }
        }
    }

    @Test
    void unknownLayoutIsAClearError() {
        assertThatThrownBy(() -> MemoryLayout.parse("nhwc")).isInstanceOf(dev.tailor.errors.InvalidInputException.class)
                .hasMessage("'nhwc' is not a memory layout (channels-last or nchw)");
    }

    /** Logits of a training pass, and every trainable parameter's gradient of sum(logits²). */
    static float[] logitsAndGradients(ResNetModel model, NDArray x, Map<String, float[]> grads) {
        float[] logits;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = model.forward(x, true);
            logits = out.toFloatArray();
            gc.backward(out.mul(out).sum());
        }
        for (String name : model.trainableNames()) {
            grads.put(name, model.namedParameters().get(name).getArray().getGradient().toFloatArray());
        }
        return logits;
    }

    private static void assertClose(String what, float[] a, float[] b) {
        assertThat(b).as(what).hasSameSizeAs(a);
        double scale = 0;
        for (float v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat((double) b[i]).as("%s[%d]", what, i).isCloseTo(a[i], within(1e-4 * Math.max(scale, 1e-3)));
        }
    }
}
