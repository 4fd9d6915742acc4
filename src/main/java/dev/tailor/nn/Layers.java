package dev.tailor.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import dev.tailor.net.Op;

/** The two DJL layer configurations every block uses, in one place. */
final class Layers {
    private Layers() {
    }

    /** 'Same' padding (k/2), no bias: BN follows every conv. */
    static Conv2d conv(int channels, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(channels)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    /** {@link Op#BN_EPSILON} as the float DJL takes. */
    static final float BN_EPSILON = (float) Op.BN_EPSILON;

    /** DJL's name for the weight the old running statistics keep per batch (PyTorch's momentum 0.1). */
    static final float BN_MOMENTUM = 0.9f;

    /** PyTorch's defaults: eps {@link #BN_EPSILON}, running statistics updated with weight 0.1 per batch. */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    }
}
