package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Every conv of the model goes through here, so one place decides which kernel computes it.
 *
 * <p>A 1x1 conv whose input channels are not a multiple of {@link #SAFE_CHANNEL_MULTIPLE} is
 * computed as a matrix product over channels (after taking every s-th pixel when strided), so its
 * forward and both gradients run through GEMM instead of oneDNN's 1x1 convolution. Why:
 * libtorch 2.7.1 bundles oneDNN 3.7.1, whose {@code jit_avx2_1x1_convolution_bwd_weights_t} and
 * {@code jit_avx512_common_1x1_convolution_bwd_weights_t} mishandle a strided 1x1 conv on
 * channels-last data when the input has fewer channels than one SIMD register holds (8 floats on
 * AVX2, 16 on AVX-512): the weight gradient is wrong (1 and 7 channels on AVX2) or the kernel
 * writes past its buffer and corrupts the heap (2 to 6 channels on AVX2; 4 and 8 on AVX-512),
 * whatever the thread count. Reproduced without any project code, and the shapes bisected, in
 * RELIABILITY.md ("Narrow 1x1 convolutions"). Zoo widths (multiples of 16) keep oneDNN's kernel.
 */
final class Convolution {
    /** Channel counts that fill whole AVX-512 registers of floats (and so whole AVX2 ones). */
    static final int SAFE_CHANNEL_MULTIPLE = 16;

    private Convolution() {
    }

    /** Whether a conv of this kernel size and input width avoids oneDNN's 1x1 kernel. */
    static boolean usesMatrixProduct(long kernelH, long kernelW, long inChannels) {
        return kernelH == 1 && kernelW == 1 && inChannels % SAFE_CHANNEL_MULTIPLE != 0;
    }

    /** {@code conv}'s stride, padding, dilation and groups applied with these weights; {@code bias} may be null. */
    static NDArray apply(NDArray x, NDArray weight, NDArray bias, Conv2d conv) {
        return apply(x, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups());
    }

    /** A square conv of this stride and padding (no dilation, one group), for code that has no {@link Conv2d} block. */
    static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return apply(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1);
    }

    private static NDArray apply(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding, Shape dilation, int groups) {
        Shape w = weight.getShape();
        boolean plain = groups == 1 && dilation.get(0) == 1 && dilation.get(1) == 1 && padding.get(0) == 0 && padding.get(1) == 0;
        if (plain && usesMatrixProduct(w.get(2), w.get(3), w.get(1))) {
            return matrixProduct(x, weight, bias, stride);
        }
        return Conv2d.conv2d(x, weight, bias, stride, padding, dilation, groups).singletonOrThrow();
    }

    /**
     * A 1x1 conv as (N·H'·W', C) x (C, C_out). The result is an (N, C_out, H', W') view over
     * channels-last memory, the layout the model's activations use anyway.
     */
    private static NDArray matrixProduct(NDArray x, NDArray weight, NDArray bias, Shape stride) {
        long sh = stride.get(0);
        long sw = stride.get(1);
        NDArray sampled = sh == 1 && sw == 1 ? x : x.get(new NDIndex(":, :, ::{}, ::{}", sh, sw));
        Shape s = sampled.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long wd = s.get(3);
        long out = weight.getShape().get(0);
        NDArray rows = sampled.transpose(0, 2, 3, 1).reshape(n * h * wd, c);
        // A view of the weights made from the weights would live in their manager (the model's),
        // one more per pass: make it belong to this pass instead.
        NDArray matrix = weight.reshape(out, c);
        matrix.attach(x.getManager());
        NDArray y = rows.matMul(matrix.transpose());
        if (bias != null) {
            y = y.add(bias);
        }
        return y.reshape(n, h, wd, out).transpose(0, 3, 1, 2);
    }
}
