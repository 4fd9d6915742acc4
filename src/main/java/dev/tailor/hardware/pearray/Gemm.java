package dev.tailor.hardware.pearray;

import dev.tailor.net.Layer;

/**
 * A conv lowered to a matrix product: the ifmap matrix is [outPixels x window] (one K*K*C_in
 * window per output pixel), the filter matrix [window x filters].
 */
public record Gemm(long outPixels, long window, long filters) {

    public static Gemm of(Layer conv) {
        return new Gemm(conv.out().pixels(), (long) conv.kernel() * conv.kernel() * conv.in().channels(), conv.out().channels());
    }

    /**
     * SCALE-Sim's output size for its unpadded layers: ceil((H - K) / S) + 1. Our layers use the
     * real size, (H + 2P - K) / S + 1 (docs/hardware-models.md, "Compute").
     */
    public static int scaleSimOutputDim(int in, int kernel, int stride) {
        return (int) Math.ceil((in - kernel) / (double) stride) + 1;
    }
}
