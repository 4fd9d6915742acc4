package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

/**
 * A bias-free conv followed by BatchNorm, the pair every block is built from.
 *
 * <p>Training runs the two DJL blocks as they are (batch statistics, running statistics updated).
 * Evaluation folds BN into the conv: {@code conv(x, W * s) + (beta - mean * s)} with
 * {@code s = gamma / sqrt(var + eps)}, the same function with one pass over the activations
 * instead of two. That matters for KD, where the frozen teacher runs in evaluation mode on every
 * step: libtorch 2.7.1's evaluation-mode BatchNorm on channels-last data took as long as half the
 * convs (BENCHMARKS.md, "What changed, and how each part was measured"). Under a
 * {@link FoldedStore} (a model whose parameters are final) the folding itself is done once.
 */
final class ConvThenBatchNorm {
    private ConvThenBatchNorm() {
    }

    static NDArray apply(ParameterStore ps, Convolution convolution, Conv2d conv, BatchNorm bn, NDArray x, boolean training) {
        if (training) {
            NDArray y = convolution.apply(x, value(ps, conv, "weight", x, true), null, conv);
            return bn.forward(ps, new NDList(y), true).singletonOrThrow();
        }
        if (ps instanceof FoldedStore kept) {
            FoldedStore.Folded f = kept.get(conv, () -> fold(ps, conv, bn, x, kept.getManager()));
            return convolution.apply(x, f.weight(), f.bias(), conv);
        }
        NDManager owner = x.getManager();
        // Folded weights computed per pass live in a scratch manager: left in the parameters'
        // manager, they would pile up there, one copy per pass.
        try (NDManager scratch = owner.newSubManager()) {
            FoldedStore.Folded f = fold(ps, conv, bn, x, scratch);
            NDArray y = convolution.apply(x, f.weight(), f.bias(), conv);
            y.attach(owner);
            return y;
        }
    }



    /** {@code W * s} and {@code beta - mean * s}, attached to {@code into}; nothing else is left behind. */
    private static FoldedStore.Folded fold(ParameterStore ps, Conv2d conv, BatchNorm bn, NDArray x, NDManager into) {
        NDArray w = value(ps, conv, "weight", x, false);
        NDArray gamma = value(ps, bn, "gamma", x, false);
        NDArray beta = value(ps, bn, "beta", x, false);
        NDArray mean = value(ps, bn, "runningMean", x, false);
        NDArray var = value(ps, bn, "runningVar", x, false);
        try (NDManager scratch = into.newSubManager()) {
            scratch.tempAttachAll(w, gamma, beta, mean, var);
            NDArray scale = gamma.div(var.add(Layers.BN_EPSILON).sqrt());
            NDArray weight = w.mul(scale.reshape(scale.size(), 1, 1, 1));
            NDArray bias = beta.sub(mean.mul(scale));
            weight.attach(into);
            bias.attach(into);
            return new FoldedStore.Folded(weight, bias);
        }
    }

    private static NDArray value(ParameterStore ps, Block block, String name, NDArray x, boolean training) {
        return ps.getValue(block.getDirectParameters().get(name), x.getDevice(), training);
    }
}
