package dev.tailor.kernels;

import java.util.Locale;

/**
 * One convolution configuration as a kernel sees it: the shape, the activations' memory layout,
 * the element type, whether gradients flow through it, and the engine's thread count. Each is
 * verified and timed once per process ({@link KernelChooser}).
 */
public record ConvConfig(ConvShape shape, Layout layout, ElementType type, Pass pass, int threads) {
    /** How activations lie in memory; the logical shape is (N, C, H, W) either way. */
    public enum Layout {
        NCHW, CHANNELS_LAST;

        @Override
        public String toString() {
            return this == NCHW ? "NCHW" : "channels-last";
        }

        /** The same values with this layout's strides; a copy only where the strides change. */
        public ai.djl.ndarray.NDArray arrange(ai.djl.ndarray.NDArray x) {
            if (this == NCHW || x.getShape().dimension() != 4) {
                return x;
            }
            ai.djl.ndarray.types.Shape s = x.getShape();
            // flatten() of the permuted view copies it in N, H, W, C order; the last transpose is a view.
            return x.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
        }
    }

    public enum ElementType {
        FLOAT32, FLOAT64
    }

    /** Training: forward, input gradient and weight gradient are used; inference: the forward alone. */
    public enum Pass {
        TRAINING, INFERENCE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A stable text key: the same configuration gives the same key in every process (the disk cache's key). */
    public String key() {
        ConvShape s = shape;
        return String.join(",", "k" + s.kernel(), "s" + s.stride(), "p" + s.padding(), "d" + s.dilation(), "g" + s.groups(),
                "c" + s.in() + ">" + s.out(), "x" + s.input(), s.bias() ? "bias" : "nobias", layout.name(), type.name(), pass.name(),
                "t" + threads);
    }

    /** {@code 3x3 conv, 24→16 channels, 32x32 input, NCHW, training, 2 threads}. */
    public String describe() {
        return shape.describe() + ", " + layout + (type == ElementType.FLOAT64 ? ", float64" : "") + ", " + pass + ", " + threads
                + (threads == 1 ? " thread" : " threads");
    }
}
