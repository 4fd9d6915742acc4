package dev.tailor.kernels;

/** A convolution's stride, padding, dilation and groups: what its weights' shape does not say. */
public record ConvParams(Window stride, Window padding, Window dilation, int groups) {
    /** Square stride and padding, no dilation, one group. */
    public static ConvParams square(int stride, int padding) {
        return new ConvParams(Window.square(stride), Window.square(padding), Window.square(1), 1);
    }
}
