package dev.tailor.kernels;

import ai.djl.ndarray.NDManager;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matrix-product path against the double-precision loops, forward and every gradient, on the
 * shapes an imported CNN or a 1D network brings: other kernel sizes, strides up to the kernel,
 * no or asymmetric padding, dilation, groups (depthwise too), bias, both layouts, float64.
 */
class UnfoldGemmConvTest {
    @SharedManager
    private static NDManager manager;

    static Stream<Arguments> shapes() {
        List<ConvShape> shapes = List.of(
                ConvShape.square(3, 1, 1, 3, 8, Window.square(9), false),
                ConvShape.square(1, 2, 0, 5, 7, Window.square(8), true),
                ConvShape.square(4, 4, 0, 3, 6, Window.square(16), true),
                ConvShape.square(4, 2, 1, 2, 4, Window.square(10), false),
                ConvShape.square(5, 1, 2, 2, 3, Window.square(7), true),
                new ConvShape(new Window(3, 1), new Window(1, 1), new Window(1, 0), Window.square(1), 1, 4, 4, new Window(12, 1), true),
                new ConvShape(new Window(1, 5), new Window(1, 2), new Window(0, 2), Window.square(1), 1, 3, 5, new Window(1, 15), false),
                new ConvShape(Window.square(3), Window.square(1), Window.square(2), Window.square(2), 1, 3, 4, Window.square(9), false),
                new ConvShape(Window.square(3), Window.square(1), Window.square(1), Window.square(1), 6, 6, 6, Window.square(7), false),
                new ConvShape(Window.square(3), Window.square(2), Window.square(1), Window.square(1), 2, 4, 6, Window.square(8), true));
        List<Arguments> out = new ArrayList<>();
        for (ConvShape s : shapes) {
            out.add(Arguments.of(s, ConvConfig.Layout.NCHW, ConvConfig.ElementType.FLOAT32));
            out.add(Arguments.of(s, ConvConfig.Layout.CHANNELS_LAST, ConvConfig.ElementType.FLOAT32));
        }
        out.add(Arguments.of(shapes.get(2), ConvConfig.Layout.NCHW, ConvConfig.ElementType.FLOAT64));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("shapes")
    void matchesTheReferenceInEveryPass(ConvShape shape, ConvConfig.Layout layout, ConvConfig.ElementType type) {
        for (ConvConfig.Pass pass : ConvConfig.Pass.values()) {
            ConvConfig c = new ConvConfig(shape, layout, type, pass, 2);
            List<Verdict> v = new KernelCheck(manager).verify(c, 3, List.of(new UnfoldGemmConv()));
            assertThat(v.get(0).status()).as("%s: %s", c.describe(), v.get(0).summary()).isEqualTo(Verdict.Status.CORRECT);
            assertThat(v.get(0).error()).isLessThan(1e-5);
        }
    }
}
