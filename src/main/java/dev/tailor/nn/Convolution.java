package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.convolutional.Conv2d;
import dev.tailor.kernels.ConvConfig;
import dev.tailor.kernels.ConvParams;
import dev.tailor.kernels.KernelChooser;
import dev.tailor.kernels.Window;

/**
 * Every conv of a model goes through here, to the {@link KernelChooser} of its runtime settings:
 * each configuration is computed by an implementation that was checked on this CPU first
 * (docs/kernels.md), libtorch's own kernel where it is correct and fastest.
 */
final class Convolution {
    private final KernelChooser kernels;
    private final ConvConfig.Layout layout;

    Convolution(KernelChooser kernels, MemoryLayout layout) {
        this.kernels = kernels;
        this.layout = layout == MemoryLayout.NCHW ? ConvConfig.Layout.NCHW : ConvConfig.Layout.CHANNELS_LAST;
    }

    KernelChooser kernels() {
        return kernels;
    }

    static Convolution of(RuntimeSettings settings) {
        return new Convolution(settings.kernels(), settings.layout());
    }

    /** {@code conv}'s stride, padding, dilation and groups applied with these weights; {@code bias} may be null. */
    NDArray apply(NDArray x, NDArray weight, NDArray bias, Conv2d conv) {
        ConvParams p = new ConvParams(window(conv.getStride()), window(conv.getPadding()), window(conv.getDilation()), conv.getGroups());
        return kernels.conv(x, weight, bias, p, layout);
    }

    /** A square conv of this stride and padding (no dilation, one group), for code that has no {@link Conv2d} block. */
    NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return kernels.conv(x, weight, bias, ConvParams.square(stride, padding), layout);
    }

    private static Window window(ai.djl.ndarray.types.Shape s) {
        return new Window((int) s.get(0), (int) s.get(1));
    }
}
