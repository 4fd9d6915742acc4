package dev.tailor.kernels;

/**
 * What a convolution computes, independent of how: its window, channels and input size. Weights
 * are (out, in / groups, kernel height, kernel width), as in PyTorch.
 */
public record ConvShape(Window kernel, Window stride, Window padding, Window dilation, int groups, int in, int out, Window input,
                        boolean bias) {
    public ConvShape {
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide " + in + " input and " + out + " output channels");
        }
        if (stride.height() < 1 || stride.width() < 1 || dilation.height() < 1 || dilation.width() < 1) {
            throw new IllegalArgumentException("stride and dilation must be at least 1");
        }
    }

    /** A square kernel, square stride and padding, no dilation, one group. */
    public static ConvShape square(int kernel, int stride, int padding, int in, int out, Window input, boolean bias) {
        return new ConvShape(Window.square(kernel), Window.square(stride), Window.square(padding), Window.square(1), 1, in, out,
                input, bias);
    }

    public Window output() {
        return new Window(outSize(input.height(), kernel.height(), stride.height(), padding.height(), dilation.height()),
                outSize(input.width(), kernel.width(), stride.width(), padding.width(), dilation.width()));
    }

    private static int outSize(int size, int k, int s, int p, int d) {
        return (size + 2 * p - d * (k - 1) - 1) / s + 1;
    }

    /** Multiply-accumulates per image of the forward pass. */
    public long macsPerImage() {
        Window o = output();
        return (long) o.height() * o.width() * out * (in / groups) * kernel.height() * kernel.width();
    }

    /** {@code 3x3 conv, 24→16 channels, stride 2, 32x32 input}; padding, dilation and groups only where not the default. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(kernel).append(" conv, ").append(in).append("→").append(out).append(" channels");
        if (stride.height() != 1 || stride.width() != 1) {
            b.append(", stride ").append(stride.compact());
        }
        int same = kernel.height() / 2;
        if (padding.height() != same || padding.width() != kernel.width() / 2) {
            b.append(", padding ").append(padding.compact());
        }
        if (dilation.height() != 1 || dilation.width() != 1) {
            b.append(", dilation ").append(dilation.compact());
        }
        if (groups != 1) {
            b.append(", ").append(groups).append(" groups");
        }
        b.append(", ").append(input).append(" input");
        if (bias) {
            b.append(", bias");
        }
        return b.toString();
    }
}
