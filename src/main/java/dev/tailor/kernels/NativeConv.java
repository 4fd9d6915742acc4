package dev.tailor.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** libtorch's own {@code conv2d} (oneDNN on x86 CPUs), which picks its kernel by instruction set and shape. */
public final class NativeConv implements ConvImpl {
    /** Channel counts that fill whole AVX-512 registers of floats (and so whole AVX2 ones). */
    static final int REGISTER_FLOATS = 16;

    @Override
    public String name() {
        return "native";
    }

    @Override
    public String description() {
        return "libtorch's conv2d";
    }

    /**
     * Never tried: a 1x1 conv with an input channel count that is not a multiple of 16.
     * oneDNN 3.7.1's 1x1 backward-weights kernels write past their buffer there (a strided conv on
     * channels-last data with fewer channels than one SIMD register holds), which corrupts the heap
     * or hangs the process instead of returning a wrong answer a check could see
     * (RELIABILITY.md, "Convolution kernels").
     */
    @Override
    public boolean canTry(ConvConfig config) {
        ConvShape s = config.shape();
        return !(s.kernel().height() == 1 && s.kernel().width() == 1 && s.in() % REGISTER_FLOATS != 0);
    }

    @Override
    public NDArray apply(NDArray x, NDArray weight, NDArray bias, ConvConfig config) {
        ConvShape s = config.shape();
        return Conv2d.conv2d(x, weight, bias, shape(s.stride()), shape(s.padding()), shape(s.dilation()), s.groups()).singletonOrThrow();
    }

    private static Shape shape(Window w) {
        return new Shape(w.height(), w.width());
    }
}
