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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tailor.net.BlockKind;
import dev.tailor.net.BlockSpec;
import dev.tailor.net.BlockWiring;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;

/**
 * A residual block whose skip mode can be switched between steps. All children exist whatever
 * the mode, so parameter names (and optimizer state) do not depend on it; a projection that the
 * current mode does not use is simply not evaluated.
 *
 * <p>Children: {@code conv1, bn1, conv2, bn2[, conv3, bn3]}, {@code proj} where the long skip changes
 * shape, and for bottlenecks {@code short1..3} where a shortened skip needs a new projection.
 */
public final class ResidualBlock extends NamedBlock {
    private final Topology topology;
    private final Conv2d[] convs;
    private final BatchNorm[] bns;
    private final ConvBn proj;
    private final ConvBn[] shorts;
    private final Convolution convolution;
    private BlockSpec spec;

    ResidualBlock(BlockSpec spec, Topology topology, Convolution convolution) {
        this.convolution = convolution;
        this.spec = spec;
        this.topology = topology;
        int n = spec.convCount();
        convs = new Conv2d[n];
        bns = new BatchNorm[n];
        for (int i = 1; i <= n; i++) {
            BlockSpec.ConvShape c = spec.conv(i);
            convs[i - 1] = child("conv" + i, Layers.conv(c.out(), c.kernel(), c.stride()));
            bns[i - 1] = child("bn" + i, Layers.batchNorm());
        }
        proj = spec.needsProjection() ? child("proj", new ConvBn(spec.outChannels(), 1, spec.stride(), convolution)) : null;
        shorts = new ConvBn[n];
        if (spec.kind() == BlockKind.BOTTLENECK) {
            for (int i = 1; i <= n; i++) {
                if (spec.shortSkipNeedsProjection(i)) {
                    BlockSpec.ConvShape c = spec.conv(i);
                    shorts[i - 1] = child("short" + i, new ConvBn(c.out(), 1, c.stride(), convolution));
                }
            }
        }
    }

    public BlockSpec spec() {
        return spec;
    }

    public SkipMode skip() {
        return spec.skip();
    }

    void setSkip(SkipMode mode) {
        spec = spec.withSkip(mode);
    }

    /** Whether a child's parameters take part in the forward pass under the current skip mode. */
    boolean isActive(String child) {
        if (child.equals("proj")) {
            return spec.skip() == SkipMode.LONG || (spec.skip() == SkipMode.SHORT && spec.kind() == BlockKind.BASIC);
        }
        if (child.startsWith("short")) {
            return spec.skip() == SkipMode.SHORT;
        }
        return true;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = BlockWiring.entryRelu(spec, topology) ? Activation.relu(x) : x;
        NDArray h = a;
        NDArray branchIn = a;
        boolean shortened = spec.skip() == SkipMode.SHORT;
        for (int i = 1; i <= convs.length; i++) {
            h = ConvThenBatchNorm.apply(ps, convolution, convs[i - 1], bns[i - 1], h, training);
            if (BlockWiring.reluAfterConv(spec, topology, i)) {
                h = Activation.relu(h);
            }
            if (shortened) {
                h = h.add(shortSkip(ps, i, branchIn, training));
                branchIn = h;
            }
        }
        if (spec.skip() == SkipMode.LONG) {
            h = h.add(proj == null ? a : proj.apply(ps, a, training));
        }
        return new NDList(h);
    }

    private NDArray shortSkip(ParameterStore ps, int i, NDArray from, boolean training) {
        if (!spec.shortSkipNeedsProjection(i)) {
            return from;
        }
        ConvBn p = spec.kind() == BlockKind.BASIC ? proj : shorts[i - 1];
        return p.apply(ps, from, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        for (Conv2d c : convs) {
            s = c.getOutputShapes(new Shape[]{s})[0];
        }
        return new Shape[]{s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape blockIn = s;
        for (int i = 0; i < convs.length; i++) {
            Shape convIn = s;
            convs[i].initialize(manager, dataType, s);
            s = convs[i].getOutputShapes(new Shape[]{s})[0];
            bns[i].initialize(manager, dataType, s);
            if (shorts[i] != null) {
                shorts[i].initialize(manager, dataType, convIn);
            }
        }
        if (proj != null) {
            proj.initialize(manager, dataType, blockIn);
        }
    }
}
