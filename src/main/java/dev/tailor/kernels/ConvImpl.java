package dev.tailor.kernels;

import ai.djl.ndarray.NDArray;

/**
 * One way to compute a convolution. Every implementation computes the same function, forward and
 * gradients (autograd goes through whatever engine operations it uses); {@link KernelChooser}
 * checks each against {@link ConvReference} before trusting it for a configuration.
 */
public interface ConvImpl {
    /** A short stable name, stored in the verdict cache: {@code native}, {@code gemm}. */
    String name();

    /** What it is, for people: {@code libtorch's conv2d}. */
    String description();

    /**
     * Whether it may even be tried on this configuration. False only where running it could harm
     * the process (corrupt memory, hang) rather than give a wrong answer that a check would see.
     */
    boolean canTry(ConvConfig config);

    /** The convolution of {@code x} (N, C, H, W) with {@code weight}; {@code bias} may be null. */
    NDArray apply(NDArray x, NDArray weight, NDArray bias, ConvConfig config);
}
