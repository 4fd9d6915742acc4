package dev.tailor.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph read for matching, with what does not compute set aside: constants (initializers,
 * Constant nodes and anything computed from constants or from a tensor's shape), and aliases that
 * pass a tensor on unchanged (Identity, Dropout, a Pad of zeros, a ReLU of a non-negative tensor).
 * What remains are the active nodes, each reading canonical (alias-resolved) tensor names.
 */
final class OnnxGraph {
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Size");

    final String file;
    final GraphProto graph;
    private final Map<String, Tensor> floatConstants = new HashMap<>();
    private final Map<String, long[]> intConstants = new HashMap<>();
    private final Set<String> constants = new HashSet<>();
    private final Map<String, String> alias = new HashMap<>();
    private final Set<String> nonNegative = new HashSet<>();
    private final List<Integer> active = new ArrayList<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();

    OnnxGraph(String file, GraphProto graph) {
        this.file = file;
        this.graph = graph;
        for (TensorProto t : graph.getInitializerList()) {
            addConstant(t.getName(), t);
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            classify(i, graph.getNode(i));
        }
        for (int i : active) {
            for (String in : graph.getNode(i).getInputList()) {
                if (!in.isEmpty() && !constants.contains(in)) {
                    consumers.computeIfAbsent(canonical(in), k -> new ArrayList<>()).add(i);
                }
            }
        }
    }

    private void classify(int index, NodeProto n) {
        String op = n.getOpType();
        List<String> inputs = n.getInputList().stream().filter(s -> !s.isEmpty()).toList();
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            active.add(index);
        } else if (op.equals("Constant")) {
            AttributeProto value = attribute(n, "value");
            if (value != null) {
                addConstant(n.getOutput(0), value.getT());
            } else {
                constants.add(n.getOutput(0));
            }
        } else if ((op.equals("Identity") || op.equals("Dropout")) && constants.contains(inputs.get(0))) {
            copyConstant(inputs.get(0), n.getOutput(0));
        } else if (SHAPE_OPS.contains(op) || (!inputs.isEmpty() && constants.containsAll(inputs))) {
            // Computed from constants, or from a tensor's shape only: no part of what the network computes.
            constants.addAll(n.getOutputList());
        } else if (op.equals("Identity") || op.equals("Dropout")
                || (op.equals("Relu") && nonNegative.contains(canonical(inputs.get(0)))) || isZeroPad(n)) {
            alias.put(n.getOutput(0), canonical(inputs.get(0)));
        } else {
            active.add(index);
            boolean inputNonNegative = !inputs.isEmpty() && nonNegative.contains(canonical(inputs.get(0)));
            if (op.equals("Relu") || (op.equals("MaxPool") && inputNonNegative)) {
                nonNegative.add(n.getOutput(0));
            }
        }
    }

    private boolean isZeroPad(NodeProto n) {
        if (!n.getOpType().equals("Pad")) {
            return false;
        }
        AttributeProto mode = attribute(n, "mode");
        if (mode != null && !mode.getS().toStringUtf8().equals("constant")) {
            return false;
        }
        long[] pads = n.getInputCount() > 1 ? intConstants.get(n.getInput(1)) : null;
        AttributeProto padsAttribute = attribute(n, "pads");
        if (pads == null && padsAttribute != null) {
            pads = padsAttribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
        if (pads == null) {
            return false;
        }
        for (long p : pads) {
            if (p != 0) {
                return false;
            }
        }
        return true;
    }

    private void addConstant(String name, TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new InvalidInputException(file + ": tensor " + name + " is stored in an external file, which import does not read");
        }
        constants.add(name);
        if (OnnxTensors.isFloat(t)) {
            floatConstants.put(name, OnnxTensors.toTensor(t));
        }
        long[] ints = OnnxTensors.toLongs(t);
        if (ints != null) {
            intConstants.put(name, ints);
        }
    }

    private void copyConstant(String from, String to) {
        constants.add(to);
        if (floatConstants.containsKey(from)) {
            floatConstants.put(to, floatConstants.get(from));
        }
        if (intConstants.containsKey(from)) {
            intConstants.put(to, intConstants.get(from));
        }
    }

    /** The tensor that {@code name} is an unchanged copy of (itself if it is none). */
    String canonical(String name) {
        String n = name;
        while (alias.containsKey(n)) {
            n = alias.get(n);
        }
        return n;
    }

    boolean isConstant(String name) {
        return constants.contains(name);
    }

    /** A float constant's value, or null if {@code name} is not one. */
    Tensor floatConstant(String name) {
        return floatConstants.get(name);
    }

    /** An integer constant's value, or null if {@code name} is not one. */
    long[] intConstant(String name) {
        return intConstants.get(name);
    }

    /** Active nodes, in graph order, by index. */
    List<Integer> activeNodes() {
        return active;
    }

    /** Active nodes reading the canonical tensor {@code name}, in graph order. */
    List<Integer> consumers(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    NodeProto node(int index) {
        return graph.getNode(index);
    }

    /** "'name' (Op)", how messages refer to a node. */
    String describe(int index) {
        NodeProto n = graph.getNode(index);
        return "'" + (n.getName().isEmpty() ? n.getOutput(0) : n.getName()) + "' (" + n.getOpType() + ")";
    }

    static AttributeProto attribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static long[] ints(NodeProto n, String name, long... fallback) {
        AttributeProto a = attribute(n, name);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    static long intAttribute(NodeProto n, String name, long fallback) {
        AttributeProto a = attribute(n, name);
        return a == null ? fallback : a.getI();
    }

    static float floatAttribute(NodeProto n, String name, float fallback) {
        AttributeProto a = attribute(n, name);
        return a == null ? fallback : a.getF();
    }
}
