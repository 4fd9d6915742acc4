package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tailor.net.StemSpec;

/** conv + BN + ReLU, then a 3x3/2 max-pool for the ImageNet family. Children: {@code conv, bn}. */
final class Stem extends NamedBlock {
    private final StemSpec spec;
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Convolution convolution;

    Stem(StemSpec spec, Convolution convolution) {
        this.convolution = convolution;
        this.spec = spec;
        conv = child("conv", Layers.conv(spec.channels(), spec.kernel(), spec.stride()));
        bn = child("bn", Layers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.relu(ConvThenBatchNorm.apply(ps, convolution, conv, bn, inputs.singletonOrThrow(), training));
        if (spec.maxPool()) {
            h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        }
        return new NDList(h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = conv.getOutputShapes(inputs)[0];
        if (spec.maxPool()) {
            s = new Shape(s.get(0), s.get(1), (s.get(2) + 2 - 3) / 2 + 1, (s.get(3) + 2 - 3) / 2 + 1);
        }
        return new Shape[]{s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
