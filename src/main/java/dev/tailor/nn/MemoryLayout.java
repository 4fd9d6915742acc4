package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import dev.tailor.kernels.ConvConfig;
import dev.tailor.errors.InvalidInputException;

import java.util.Locale;

/**
 * How activations are laid out in memory while a model runs. The logical shape is always
 * (N, C, H, W); only the strides differ, so results are the same up to float rounding.
 *
 * <p>Why channels-last is the default: libtorch 2.7.1's oneDNN convolutions compute on blocked or
 * channels-last data. Given plain NCHW tensors, every conv reorders its input, output and
 * gradients to and from its blocked format, which cost about a fifth of a ResNet-8 training step
 * (BENCHMARKS.md, "Training speed against PyTorch"). Given a channels-last input,
 * convs, BatchNorm, ReLU and adds all stay channels-last and those reorders disappear.
 * The CLI reads {@code -Dtailor.layout=nchw} to choose plain NCHW ({@link RuntimeSettings}).
 */
public enum MemoryLayout {
    NCHW, CHANNELS_LAST;

    public String label() {
        return this == NCHW ? "nchw" : "channels-last";
    }

    @Override
    public String toString() {
        return label();
    }

    /** {@code channels-last} or {@code nchw}. */
    public static MemoryLayout parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "nchw" -> NCHW;
            case "channels-last" -> CHANNELS_LAST;
            default -> throw new InvalidInputException("'" + name + "' is not a memory layout (channels-last or nchw)");
        };
    }

    /** The same values in this layout; a copy only where the strides change. */
    NDArray apply(NDArray x) {
        return (this == NCHW ? ConvConfig.Layout.NCHW : ConvConfig.Layout.CHANNELS_LAST).arrange(x);
    }
}
