package dev.tailor.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.Tensor;
import dev.tailor.net.Topology;
import dev.tailor.net.Weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recognises a ResNet in an ONNX file (as {@code torch.onnx.export} writes them): reads the input
 * shape, the stem, the number of 3x3 convs and the classes, lists the zoo networks that could
 * be it, and keeps the first whose every layer finds its node ({@link ResNetMatcher}). If none
 * fits, the error names the first node that the closest candidate could not place.
 */
public final class OnnxResNetReader {
    private OnnxResNetReader() {
    }

    /** A recognised network: its description (with each block's skip mode) and its weights under our names. */
    public record Imported(NetSpec spec, Weights weights) {
    }

    /**
     * @param file       named in error messages
     * @param topologies the topologies to try, in order
     */
    public static Imported read(String file, byte[] bytes, List<Topology> topologies) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidInputException(file + ": not an ONNX model (" + e.getMessage() + ")");
        }
        GraphProto graph = model.getGraph();
        ValueInfoProto input = input(file, graph);
        Shape shape = shape(file, input);
        OnnxGraph g = new OnnxGraph(file, graph);
        NodeProto stem = stem(g, input.getName());
        Tensor stemWeight = g.floatConstant(stem.getInput(1));
        int width = stemWeight.dim(0);
        int classes = classes(file, graph);
        long convs3x3 = g.activeNodes().stream().map(g::node).filter(n -> n.getOpType().equals("Conv") && n.getInputCount() > 1
                && g.floatConstant(n.getInput(1)) != null && g.floatConstant(n.getInput(1)).rank() == 4
                && g.floatConstant(n.getInput(1)).dim(2) == 3).count();
        List<String> models = candidates(file, stemWeight.dim(2) == 7, convs3x3);
        ResNetMatcher.Mismatch closest = null;
        for (String name : models) {
            for (Topology t : topologies) {
                NetSpec spec;
                try {
                    spec = ModelZoo.build(name, shape, classes, width).withTopology(t);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(file + ": " + e.getMessage());
                }
                try {
                    ResNetMatcher.Result r = ResNetMatcher.match(g, spec, input.getName());
                    return new Imported(r.spec(), r.weights());
                } catch (ResNetMatcher.Mismatch m) {
                    if (closest == null || m.placed > closest.placed) {
                        closest = m;
                    }
                }
            }
        }
        throw new InvalidInputException(closest.getMessage());
    }

    private static ValueInfoProto input(String file, GraphProto graph) {
        Set<String> initializers = graph.getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        List<ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new InvalidInputException(file + ": expected one graph input (the images), found " + inputs.size());
        }
        return inputs.get(0);
    }

    /** NCHW float with fixed C, H and W. */
    private static Shape shape(String file, ValueInfoProto input) {
        var type = input.getType().getTensorType();
        List<TensorShapeProto.Dimension> dims = type.getShape().getDimList();
        if (type.getElemType() != TensorProto.DataType.FLOAT.getNumber() || dims.size() != 4
                || dims.subList(1, 4).stream().anyMatch(d -> d.getDimValue() <= 0)) {
            throw new InvalidInputException(file + ": input '" + input.getName() + "' must be NCHW float with fixed channels, height and width");
        }
        return new Shape((int) dims.get(1).getDimValue(), (int) dims.get(2).getDimValue(), (int) dims.get(3).getDimValue());
    }

    private static NodeProto stem(OnnxGraph g, String input) {
        List<Integer> readers = g.consumers(g.canonical(input));
        for (int i : readers) {
            NodeProto n = g.node(i);
            Tensor w = n.getOpType().equals("Conv") && n.getInputCount() > 1 ? g.floatConstant(n.getInput(1)) : null;
            if (w != null && w.rank() == 4) {
                return n;
            }
        }
        throw new InvalidInputException(g.file + (readers.isEmpty() ? ": nothing reads the input"
                : ": cannot place node " + g.describe(readers.get(0)) + ": expected the stem, a conv reading the input"));
    }

    private static int classes(String file, GraphProto graph) {
        List<TensorShapeProto.Dimension> dims = graph.getOutputCount() == 1
                ? graph.getOutput(0).getType().getTensorType().getShape().getDimList() : List.of();
        if (dims.size() != 2 || dims.get(1).getDimValue() <= 0) {
            throw new InvalidInputException(file + ": expected one graph output of shape [batch, classes]");
        }
        return (int) dims.get(1).getDimValue();
    }

    /**
     * Which zoo networks have this many 3x3 convs: a CIFAR-style ResNet has the stem's and two per
     * block, 3n blocks making resnet(6n+2); resnet18 and resnet50 have 16, resnet34 32.
     */
    private static List<String> candidates(String file, boolean imagenet, long convs3x3) {
        List<String> names = new ArrayList<>();
        long blocks = (convs3x3 - 1) / 2;
        if (imagenet && convs3x3 == 16) {
            names.add("resnet18");
            names.add("resnet50");
        } else if (imagenet && convs3x3 == 32) {
            names.add("resnet34");
        } else if (!imagenet && convs3x3 % 2 == 1 && blocks > 0 && blocks % 3 == 0) {
            names.add("resnet" + (2 * blocks + 2));
        } else {
            throw new InvalidInputException(file + ": found " + convs3x3 + " 3x3 convs, which fits no ResNet Tailor knows ("
                    + (imagenet ? "resnet18 and resnet50 have 16, resnet34 32" : "a CIFAR-style ResNet has 1 + 2 per block, 3n blocks") + ")");
        }
        return names;
    }
}
