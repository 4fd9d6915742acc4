package dev.tailor.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The convolution as a matrix product: the input is unfolded into one row per output pixel
 * holding its kh·kw·C window (im2col, built from kh·kw strided slices of the channels-last view),
 * then multiplied by the weights as a (kh·kw·C, out) matrix. Autograd goes through slices, a
 * concatenation and GEMM, so neither pass touches libtorch's convolution kernels. A 1x1 conv is
 * one strided slice and one GEMM. Groups become a batched matrix product.
 */
public final class UnfoldGemmConv implements ConvImpl {
    @Override
    public String name() {
        return "gemm";
    }

    @Override
    public String description() {
        return "the matrix-product path (unfold + GEMM)";
    }

    @Override
    public boolean canTry(ConvConfig config) {
        return true;
    }

    @Override
    public NDArray apply(NDArray x, NDArray weight, NDArray bias, ConvConfig config) {
        ConvShape s = config.shape();
        Shape xs = x.getShape();
        long n = xs.get(0);
        long c = xs.get(1);
        Window out = s.output();
        long rows = n * out.height() * out.width();
        int kh = s.kernel().height();
        int kw = s.kernel().width();
        NDArray nhwc = x.transpose(0, 2, 3, 1);
        if (s.padding().height() > 0 || s.padding().width() > 0) {
            // Pairs from the last axis back: C untouched, then W, then H.
            nhwc = nhwc.pad(new Shape(0, 0, s.padding().width(), s.padding().width(), s.padding().height(), s.padding().height()), 0);
        }
        NDList windows = new NDList(kh * kw);
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                windows.add(slice(nhwc, ky * s.dilation().height(), s.stride().height(), out.height(),
                        kx * s.dilation().width(), s.stride().width(), out.width()));
            }
        }
        NDArray cols = windows.size() == 1 ? windows.get(0) : NDArrays.stack(windows, 3);
        long g = s.groups();
        long cg = c / g;
        long og = s.out() / g;
        NDArray matrix;
        // Arrays made from the weights would live in their manager (the model's), more every pass:
        // make them in a scratch manager and keep only the matrix, in the pass's.
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(weight);
            // Weights (out, C/g, kh, kw) as (g, kh·kw·C/g, out/g), rows in the columns' (ky, kx, c) order.
            matrix = weight.reshape(g, og, cg, kh, kw).transpose(0, 3, 4, 2, 1).reshape(g, (long) kh * kw * cg, og);
            matrix.attach(x.getManager());
        }
        NDArray y;
        if (g == 1) {
            y = cols.reshape(rows, (long) kh * kw * c).matMul(matrix.reshape((long) kh * kw * c, og));
        } else {
            NDArray grouped = cols.reshape(rows, (long) kh * kw, g, cg).transpose(2, 0, 1, 3).reshape(g, rows, (long) kh * kw * cg);
            y = grouped.matMul(matrix).transpose(1, 0, 2).reshape(rows, s.out());
        }
        if (bias != null) {
            y = y.add(bias);
        }
        NDArray result = y.reshape(n, out.height(), out.width(), s.out()).transpose(0, 3, 1, 2);
        if (config.layout() == ConvConfig.Layout.NCHW) {
            // Keep the caller's layout: flatten copies the view in (N, C, H, W) order.
            result = result.flatten().reshape(n, s.out(), out.height(), out.width());
        }
        return result;
    }

    /** Rows start, start + stride, ... (count of them) along H and likewise along W of an (N, H, W, C) array. */
    private static NDArray slice(NDArray nhwc, int startH, int strideH, int countH, int startW, int strideW, int countW) {
        long endH = startH + (long) strideH * (countH - 1) + 1;
        long endW = startW + (long) strideW * (countW - 1) + 1;
        Shape s = nhwc.getShape();
        if (startH == 0 && startW == 0 && strideH == 1 && strideW == 1 && endH == s.get(1) && endW == s.get(2)) {
            return nhwc;
        }
        return nhwc.get(new NDIndex(":, {}:{}:{}, {}:{}:{}, :", startH, endH, strideH, startW, endW, strideW));
    }
}
