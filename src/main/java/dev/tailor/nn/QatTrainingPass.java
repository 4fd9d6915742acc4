package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.Role;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.deploy.LayerOps;

import java.util.Map;

/**
 * A training-mode forward pass with fake quantisation, walked over the model's layer graph (BN
 * still separate). Each conv+BN pair follows PyTorch's QAT ConvBn: the conv's weights are folded
 * with the BN's running statistics and quantised as the deployed conv's weights will be; the conv
 * output is unscaled again and normalised by a real training-mode BN (batch statistics, running
 * statistics updated), so gradients flow through the batch statistics as in float training. Every
 * conv, ReLU, Add and pool result, the input and the dense layer are quantised at the same points,
 * with the same types, as the deployed fixed-point network (docs/fixed-point.md, "QAT").
 */
final class QatTrainingPass implements LayerOps<NDArray> {
    private final PrecisionPlan plan;
    private final LayerGraph graph;
    private final Map<String, Parameter> params;
    private final ParameterStore ps;
    /**
     * Whether BN normalises by batch statistics and updates its running ones (float training), or
     * by the running ones, left as they are: the deployed network's BN, as PyTorch's
     * {@code freeze_bn_stats} does, so that training sees the network that evaluation runs.
     */
    private final boolean batchStatistics;
    private final Convolution convolution;

    QatTrainingPass(PrecisionPlan plan, LayerGraph graph, Map<String, Parameter> params, ParameterStore ps,
                    FakeQuantizer.BatchNormStatistics statistics, Convolution convolution) {
        this.convolution = convolution;
        this.plan = plan;
        this.graph = graph;
        this.params = params;
        this.ps = ps;
        this.batchStatistics = statistics == FakeQuantizer.BatchNormStatistics.UPDATED;
    }

    private NDArray value(String name, NDArray like) {
        Parameter p = params.get(name);
        if (p == null) {
            throw new IllegalStateException("the model has no parameter " + name);
        }
        return ps.getValue(p, like.getDevice(), true);
    }

    private FixedType type(String layer, Role role) {
        return plan.setting(layer, role).type();
    }

    private NDArray result(String layer, NDArray x) {
        return FixedOps.fake(x, type(layer, Role.RESULT));
    }

    @Override
    public NDArray input(Layer l, NDArray x) {
        return result(l.name(), x);
    }

    @Override
    public NDArray conv(Layer l, NDArray x) {
        NDArray w = value(l.name() + ".weight", x);
        Layer bn = graph.consumers(l.name()).size() == 1 ? graph.consumers(l.name()).get(0) : null;
        if (bn == null || bn.op() != Op.BN) {
            throw new IllegalStateException(l.name() + ": quantisation-aware training expects every conv to be followed by its BatchNorm");
        }
        NDArray var = value(bn.name() + ".runningVar", x).stopGradient();
        NDArray scale = value(bn.name() + ".gamma", x).div(var.add(Layers.BN_EPSILON).sqrt());
        NDArray folded = FixedOps.fake(w.mul(scale.reshape(-1, 1, 1, 1)), type(l.name(), Role.WEIGHT));
        NDArray y = convolution.apply(x, folded, null, l.stride(), l.padding());
        return y.div(scale.reshape(1, -1, 1, 1));
    }

    /** BN of the unscaled conv output (batch or running statistics: {@link #batchStatistics}), then the deployed conv's result type. */
    @Override
    public NDArray batchNorm(Layer l, NDArray x) {
        String p = l.name();
        NDArray y = BatchNorm.batchNorm(x, value(p + ".runningMean", x), value(p + ".runningVar", x), value(p + ".gamma", x),
                value(p + ".beta", x), 1, Layers.BN_MOMENTUM, Layers.BN_EPSILON, batchStatistics).singletonOrThrow();
        return result(l.inputs().get(0), y);
    }

    /** A ReLU of values already on its own type's grid needs no second quantisation (it would change nothing). */
    @Override
    public NDArray relu(Layer l, NDArray x) {
        NDArray y = ai.djl.nn.Activation.relu(x);
        return type(l.name(), Role.RESULT).equals(type(producer(l.inputs().get(0)), Role.RESULT)) ? y : result(l.name(), y);
    }

    /** The deployed layer whose result a graph layer's output is: a BN's is its conv's. */
    private String producer(String layer) {
        Layer l = graph.layer(layer);
        return l.op() == Op.BN ? l.inputs().get(0) : layer;
    }

    @Override
    public NDArray add(Layer l, NDArray a, NDArray b) {
        return result(l.name(), a.add(b));
    }

    @Override
    public NDArray maxPool(Layer l, NDArray x) {
        NDArray y = Pool.maxPool2d(x, new Shape(l.kernel(), l.kernel()), new Shape(l.stride(), l.stride()),
                new Shape(l.padding(), l.padding()), false);
        return result(l.name(), y);
    }

    @Override
    public NDArray averagePool(Layer l, NDArray x) {
        return result(l.name(), Pool.globalAvgPool2d(x));
    }

    @Override
    public NDArray dense(Layer l, NDArray x) {
        NDArray w = FixedOps.fake(value(l.name() + ".weight", x), type(l.name(), Role.WEIGHT));
        NDArray b = FixedOps.fake(value(l.name() + ".bias", x), type(l.name(), Role.BIAS));
        return result(l.name(), Linear.linear(x, w, b).singletonOrThrow());
    }
}
