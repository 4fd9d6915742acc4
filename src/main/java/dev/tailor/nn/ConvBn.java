package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A bias-free KxK convolution followed by BatchNorm; used for projections ({@code proj.conv}, {@code proj.bn}). */
final class ConvBn extends NamedBlock {
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Convolution convolution;

    ConvBn(int channels, int kernel, int stride, Convolution convolution) {
        this.convolution = convolution;
        conv = child("conv", Layers.conv(channels, kernel, stride));
        bn = child("bn", Layers.batchNorm());
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return ConvThenBatchNorm.apply(ps, convolution, conv, bn, x, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return conv.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
