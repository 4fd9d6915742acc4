package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Locale;

/**
 * How activations are laid out in memory while a model runs. The logical shape is always
 * (N, C, H, W); only the strides differ, so results are the same up to float rounding.
 *
 * <p>Why channels-last is the default: libtorch 2.7.1's oneDNN convolutions compute on blocked or
 * channels-last data. Given plain NCHW tensors, every conv reorders its input, output and
 * gradients to and from its blocked format, which cost about a fifth of a ResNet-8 training step
 * (BENCHMARKS.md, "What changed, and how each part was measured"). Given a channels-last input,
 * convs, BatchNorm, ReLU and adds all stay channels-last and those reorders disappear.
 * {@code -Dtailor.layout=nchw} restores plain NCHW.
 */
public enum MemoryLayout {
    NCHW, CHANNELS_LAST;

    public static final String PROPERTY = "tailor.layout";

    /** The layout named by {@code -Dtailor.layout} (default channels-last). */
    public static MemoryLayout fromSystemProperty() {
        String name = System.getProperty(PROPERTY, "channels-last");
        try {
            return parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " " + e.getMessage());
        }
    }

    /** {@code channels-last} or {@code nchw}. */
    public static MemoryLayout parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "nchw" -> NCHW;
            case "channels-last" -> CHANNELS_LAST;
            default -> throw new IllegalArgumentException("must be channels-last or nchw, not '" + name + "'");
        };
    }

    /** The same values in this layout; a copy only where the strides change. */
    NDArray apply(NDArray x) {
        if (this == NCHW || x.getShape().dimension() != 4) {
            return x;
        }
        Shape s = x.getShape();
        // flatten() of the permuted view copies it in N, H, W, C order; the last transpose is a view.
        return x.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }
}
