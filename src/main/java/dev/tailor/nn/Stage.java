package dev.tailor.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/** The blocks of one resolution, chained; children {@code block1..n}. */
final class Stage extends NamedBlock {
    private final List<ResidualBlock> blocks = new ArrayList<>();

    void add(ResidualBlock block) {
        blocks.add(child("block" + (blocks.size() + 1), block));
    }

    List<ResidualBlock> blocks() {
        return blocks;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (ResidualBlock b : blocks) {
            x = b.forward(ps, x, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] s = inputs;
        for (ResidualBlock b : blocks) {
            s = b.getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (ResidualBlock b : blocks) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(s);
        }
    }
}
