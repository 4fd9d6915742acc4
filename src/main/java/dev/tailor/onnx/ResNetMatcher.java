package dev.tailor.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.tailor.net.Layer;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places the nodes of an ONNX graph on the layers of one candidate network, layer by layer in
 * graph order, and collects the weights under our names. BN may be folded into the convs (a conv
 * with a bias and no BatchNormalization node: the BN becomes the identity plus that bias), a ReLU
 * may be repeated or sit after the add instead of at the next block's entry (a ReLU of a
 * non-negative tensor is the identity on both sides). Every active ONNX node must be state.placed.
 */
final class ResNetMatcher {
    private static final float EPSILON = (float) Op.BN_EPSILON;

    /** Block attempts before giving up (a wrong skip mode fails within the next block, so real graphs need few). */
    private static final int MAX_ATTEMPTS = 10_000;

    private final OnnxGraph g;
    private final String input;
    private State state = new State();
    private int attempts;

    /** What has been matched so far; copied before trying a block's skip mode, restored if it fails. */
    private static final class State {
        final Map<String, String> tensorOf = new HashMap<>();
        final Set<String> nonNegative = new HashSet<>();
        final Map<String, float[]> convBias = new HashMap<>();
        final Map<String, Tensor> weights = new LinkedHashMap<>();
        final Set<Integer> placed = new HashSet<>();

        State copy() {
            State s = new State();
            s.tensorOf.putAll(tensorOf);
            s.nonNegative.addAll(nonNegative);
            s.convBias.putAll(convBias);
            s.weights.putAll(weights);
            s.placed.addAll(placed);
            return s;
        }
    }

    /** The network found: its wiring and its weights under our names. */
    record Result(NetSpec spec, Weights weights) {
    }

    /** This candidate does not fit; {@code placed} says how far it got. */
    static final class Mismatch extends Exception {
        final int placed;

        Mismatch(int placed, String message) {
            super(message, null, false, false);
            this.placed = placed;
        }
    }

    private ResNetMatcher(OnnxGraph g, String input) {
        this.g = g;
        this.input = input;
    }

    /** Matches {@code spec}'s stem and classifier, and for each block the first skip mode that fits (long, none, short). */
    static Result match(OnnxGraph g, NetSpec spec, String input) throws Mismatch {
        ResNetMatcher m = new ResNetMatcher(g, input);
        for (Layer l : spec.graph().layers()) {
            if (!l.block().isEmpty()) {
                break;
            }
            m.layer(l);
        }
        return m.fromBlock(spec, 0);
    }

    private Result fromBlock(NetSpec spec, int block) throws Mismatch {
        List<Layer> layers = spec.graph().layers();
        if (block == spec.skipCount()) {
            int tail = layers.size() - 1;
            while (layers.get(tail - 1).block().isEmpty()) {
                tail--;
            }
            for (Layer l : layers.subList(tail, layers.size())) {
                layer(l);
            }
            finish(spec, layers.get(layers.size() - 1));
            return new Result(spec, new Weights(state.weights));
        }
        Mismatch closest = null;
        for (SkipMode mode : new SkipMode[]{SkipMode.LONG, SkipMode.NONE, SkipMode.SHORT}) {
            NetSpec s = spec.withSkip(block, mode);
            String name = s.blocks().get(block).name();
            State saved = state.copy();
            try {
                if (++attempts > MAX_ATTEMPTS) {
                    throw new Mismatch(state.placed.size(), g.file + ": gave up after " + MAX_ATTEMPTS + " attempts to match the blocks");
                }
                for (Layer l : s.graph().layers()) {
                    if (l.block().equals(name)) {
                        layer(l);
                    }
                }
                return fromBlock(s, block + 1);
            } catch (Mismatch m) {
                state = saved;
                closest = closest == null || m.placed > closest.placed ? m : closest;
            }
        }
        throw closest;
    }

    private void layer(Layer l) throws Mismatch {
        String x = l.inputs().isEmpty() ? null : state.tensorOf.get(l.inputs().get(0));
        switch (l.op()) {
            case INPUT -> state.tensorOf.put(l.name(), g.canonical(input));
            case CONV -> conv(l, x);
            case BN -> batchNorm(l, x);
            case RELU -> {
                if (state.nonNegative.contains(l.inputs().get(0))) {
                    state.tensorOf.put(l.name(), x);
                } else {
                    place(l, x, one(x, "Relu", n -> true, l.name() + ", a ReLU"));
                }
                state.nonNegative.add(l.name());
            }
            case ADD -> add(l, x, state.tensorOf.get(l.inputs().get(1)));
            case MAXPOOL -> {
                place(l, x, one(x, "MaxPool", n -> is(n, "kernel_shape", 3, 3) && is(n, "strides", 2, 2)
                        && is(n, "pads", 1, 1, 1, 1) && OnnxGraph.intAttribute(n, "ceil_mode", 0) == 0
                        && n.getOutputCount() == 1, l.name() + ", a 3x3 stride-2 max-pool padded by 1"));
                if (state.nonNegative.contains(l.inputs().get(0))) {
                    state.nonNegative.add(l.name());
                }
            }
            case GLOBAL_AVGPOOL -> globalPool(l, x);
            case DENSE -> dense(l, x);
        }
    }

    private void conv(Layer l, String x) throws Mismatch {
        int k = l.kernel();
        int p = l.padding();
        int[] shape = {l.out().channels(), l.in().channels(), k, k};
        int node = one(x, "Conv", n -> hasConstant(n, 1, shape) && is(n, "strides", l.stride(), l.stride())
                        && is(n, "pads", p, p, p, p) && OnnxGraph.intAttribute(n, "group", 1) == 1 && is(n, "dilations", 1, 1)
                        && (OnnxGraph.attribute(n, "auto_pad") == null || OnnxGraph.attribute(n, "auto_pad").getS().toStringUtf8().equals("NOTSET"))
                        && (n.getInputCount() < 3 || n.getInput(2).isEmpty() || hasConstant(n, 2, shape[0])),
                String.format("%s, a %dx%d stride-%d conv %d->%d padded by %d", l.name(), k, k, l.stride(), shape[1], shape[0], p));
        NodeProto n = g.node(node);
        state.weights.put(l.name() + ".weight", g.floatConstant(n.getInput(1)));
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            state.convBias.put(l.name(), g.floatConstant(n.getInput(2)).values());
        }
        place(l, x, node);
    }

    /** A BatchNormalization node reading the conv, or, where the exporter folded it, the identity plus the conv's bias. */
    private void batchNorm(Layer l, String x) throws Mismatch {
        String conv = l.inputs().get(0);
        int c = l.out().channels();
        float[] bias = state.convBias.getOrDefault(conv, new float[c]);
        List<Integer> readers = g.consumers(x);
        if (readers.size() == 1 && g.node(readers.get(0)).getOpType().equals("BatchNormalization")) {
            int node = one(x, "BatchNormalization", n -> n.getOutputCount() == 1 && n.getInputCount() == 5
                    && hasConstant(n, 1, c) && hasConstant(n, 2, c) && hasConstant(n, 3, c) && hasConstant(n, 4, c),
                    l.name() + ", a BatchNormalization of " + c + " channels in evaluation mode");
            NodeProto n = g.node(node);
            float[] gamma = g.floatConstant(n.getInput(1)).values().clone();
            float[] mean = g.floatConstant(n.getInput(3)).values().clone();
            float[] var = g.floatConstant(n.getInput(4)).values();
            float eps = OnnxGraph.floatAttribute(n, "epsilon", 1e-5f);
            for (int i = 0; i < c; i++) {
                // BN(conv + b) = BN with its mean moved by b; another epsilon is absorbed into gamma.
                mean[i] -= bias[i];
                if (eps != EPSILON) {
                    gamma[i] = (float) (gamma[i] * Math.sqrt((var[i] + (double) EPSILON) / (var[i] + (double) eps)));
                }
            }
            put(l, gamma, g.floatConstant(n.getInput(2)).values(), mean, var);
            place(l, x, node);
            return;
        }
        float[] ones = new float[c];
        float[] unitVar = new float[c];
        Arrays.fill(ones, 1);
        Arrays.fill(unitVar, 1 - EPSILON);
        put(l, ones, bias, new float[c], unitVar);
        state.tensorOf.put(l.name(), x);
    }

    private void put(Layer bn, float[] gamma, float[] beta, float[] mean, float[] var) {
        int c = gamma.length;
        state.weights.put(bn.name() + ".gamma", Tensor.of(gamma, c));
        state.weights.put(bn.name() + ".beta", Tensor.of(beta.clone(), c));
        state.weights.put(bn.name() + ".runningMean", Tensor.of(mean, c));
        state.weights.put(bn.name() + ".runningVar", Tensor.of(var.clone(), c));
    }

    private void add(Layer l, String a, String b) throws Mismatch {
        place(l, a, one(a, null, n -> (n.getOpType().equals("Add") || n.getOpType().equals("Sum")) && n.getInputCount() == 2
                && Set.of(g.canonical(n.getInput(0)), g.canonical(n.getInput(1))).equals(Set.of(a, b)), l.name() + ", the add of a skip"));
    }

    /** GlobalAveragePool, an AveragePool over the whole map, or a ReduceMean over H and W; then any flattening. */
    private void globalPool(Layer l, String x) throws Mismatch {
        int h = l.in().height();
        int w = l.in().width();
        int node = one(x, null, n -> switch (n.getOpType()) {
            case "GlobalAveragePool" -> true;
            case "AveragePool" -> is(n, "kernel_shape", h, w) && is(n, "pads", 0, 0, 0, 0);
            case "ReduceMean" -> Set.of(2L, 3L).equals(axes(n)) || Set.of(-2L, -1L).equals(axes(n));
            default -> false;
        }, l.name() + ", a global average pool");
        place(l, x, node);
        String t = state.tensorOf.get(l.name());
        for (List<Integer> readers = g.consumers(t); readers.size() == 1 && isFlatten(g.node(readers.get(0))); readers = g.consumers(t)) {
            state.placed.add(readers.get(0));
            t = g.canonical(g.node(readers.get(0)).getOutput(0));
        }
        state.tensorOf.put(l.name(), t);
    }

    private static boolean isFlatten(NodeProto n) {
        return switch (n.getOpType()) {
            case "Flatten" -> OnnxGraph.intAttribute(n, "axis", 1) == 1;
            case "Reshape", "Squeeze" -> true;
            default -> false;
        };
    }

    /** ReduceMean's axes: an attribute up to opset 17, an input from 18. */
    private Set<Long> axes(NodeProto n) {
        long[] a = n.getInputCount() > 1 ? g.intConstant(n.getInput(1)) : OnnxGraph.ints(n, "axes");
        Set<Long> s = new HashSet<>();
        for (long v : a == null ? new long[0] : a) {
            s.add(v);
        }
        return s;
    }

    /** Gemm, or MatMul then the Add of a bias. */
    private void dense(Layer l, String x) throws Mismatch {
        int classes = l.out().channels();
        int features = l.in().channels();
        String what = l.name() + ", a dense layer " + features + "->" + classes;
        int node = one(x, null, n -> (n.getOpType().equals("Gemm") && OnnxGraph.intAttribute(n, "transA", 0) == 0
                && OnnxGraph.floatAttribute(n, "alpha", 1) == 1 && OnnxGraph.floatAttribute(n, "beta", 1) == 1
                && (OnnxGraph.intAttribute(n, "transB", 0) == 1 ? hasConstant(n, 1, classes, features) : hasConstant(n, 1, features, classes))
                && (n.getInputCount() < 3 || hasConstant(n, 2, classes) || hasConstant(n, 2, 1, classes)))
                || (n.getOpType().equals("MatMul") && hasConstant(n, 1, features, classes)), what);
        NodeProto n = g.node(node);
        Tensor b = g.floatConstant(n.getInput(1));
        boolean transposed = n.getOpType().equals("Gemm") && OnnxGraph.intAttribute(n, "transB", 0) == 1;
        state.weights.put(l.name() + ".weight", transposed ? b : transpose(b));
        place(l, x, node);
        float[] bias = new float[classes];
        if (n.getOpType().equals("Gemm") && n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            bias = g.floatConstant(n.getInput(2)).values();
        } else if (n.getOpType().equals("MatMul")) {
            String y = state.tensorOf.get(l.name());
            int add = one(y, "Add", a -> a.getInputCount() == 2 && (hasConstant(a, 1, classes) || hasConstant(a, 1, 1, classes)
                    || hasConstant(a, 0, classes) || hasConstant(a, 0, 1, classes)), what + " (its bias)");
            NodeProto a = g.node(add);
            bias = g.floatConstant(g.isConstant(a.getInput(1)) ? a.getInput(1) : a.getInput(0)).values();
            place(l, y, add);
        }
        state.weights.put(l.name() + ".bias", Tensor.of(bias.clone(), classes));
    }

    private void finish(NetSpec spec, Layer last) throws Mismatch {
        if (g.graph.getOutputCount() != 1 || !g.canonical(g.graph.getOutput(0).getName()).equals(state.tensorOf.get(last.name()))) {
            throw new Mismatch(state.placed.size(), g.file + ": the graph's output is not the classifier's (expected one output, the logits)");
        }
        for (int i : g.activeNodes()) {
            if (!state.placed.contains(i)) {
                throw new Mismatch(state.placed.size(), g.file + ": cannot place node " + g.describe(i)
                        + ": it is not part of a " + spec.model() + " (" + spec.topology().label() + " topology)");
            }
        }
    }

    private interface NodeTest {
        boolean test(NodeProto n);
    }

    /** The first unplaced node of type {@code op} (any, if null) reading {@code x} that passes the test. */
    private int one(String x, String op, NodeTest test, String expected) throws Mismatch {
        for (int i : g.consumers(x)) {
            NodeProto n = g.node(i);
            if (!state.placed.contains(i) && (op == null || n.getOpType().equals(op)) && test.test(n)) {
                return i;
            }
        }
        for (int i : g.consumers(x)) {
            if (!state.placed.contains(i)) {
                throw new Mismatch(state.placed.size(), g.file + ": cannot place node " + g.describe(i) + ": expected " + expected);
            }
        }
        throw new Mismatch(state.placed.size(), g.file + ": expected " + expected + " reading tensor '" + x + "', found none");
    }

    private void place(Layer l, String x, int node) {
        state.placed.add(node);
        state.tensorOf.put(l.name(), g.canonical(g.node(node).getOutput(0)));
    }

    private boolean hasConstant(NodeProto n, int input, int... shape) {
        if (n.getInputCount() <= input) {
            return false;
        }
        Tensor t = g.floatConstant(n.getInput(input));
        return t != null && Arrays.equals(t.shape(), shape);
    }

    private static boolean is(NodeProto n, String attribute, long... values) {
        return Arrays.equals(OnnxGraph.ints(n, attribute, defaults(attribute, values.length)), values);
    }

    /** ONNX's defaults: strides and dilations 1, pads 0. */
    private static long[] defaults(String attribute, int length) {
        long[] d = new long[length];
        if (attribute.equals("strides") || attribute.equals("dilations")) {
            Arrays.fill(d, 1);
        }
        return attribute.equals("kernel_shape") ? null : d;
    }

    private static Tensor transpose(Tensor t) {
        int rows = t.dim(0);
        int cols = t.dim(1);
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[c * rows + r] = t.values()[r * cols + c];
            }
        }
        return Tensor.of(v, cols, rows);
    }
}
