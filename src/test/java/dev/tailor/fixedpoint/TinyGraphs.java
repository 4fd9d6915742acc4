package dev.tailor.fixedpoint;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;
import dev.tailor.net.deploy.DeployedNetwork;

import java.util.List;
import java.util.Map;

/** Hand-sized deployed networks whose fixed-point results can be worked out on paper (tests only). */
final class TinyGraphs {
    private TinyGraphs() {
    }

    /** input (C x 1 x 1) -> 1x1 conv to one channel with these weights and bias. */
    static DeployedNetwork oneConv(float[] weights, float bias) {
        Shape in = new Shape(weights.length, 1, 1);
        Shape out = new Shape(1, 1, 1);
        LayerGraph g = LayerGraph.of(ModelZoo.build("resnet8", in, 2, 2), List.of(
                layer("input", Op.INPUT, List.of(), in, in, 0),
                layer("conv", Op.CONV, List.of("input"), in, out, 1)));
        return new DeployedNetwork(g, new Weights(Map.of("conv.weight", Tensor.of(weights, 1, weights.length, 1, 1),
                "conv.bias", Tensor.of(new float[]{bias}, 1))));
    }

    /** input (1 x 1 x n) -> global average pool. */
    static DeployedNetwork averagePool(int n) {
        Shape in = new Shape(1, 1, n);
        Shape out = new Shape(1, 1, 1);
        LayerGraph g = LayerGraph.of(ModelZoo.build("resnet8", in, 2, 2), List.of(
                layer("input", Op.INPUT, List.of(), in, in, 0),
                layer("pool", Op.GLOBAL_AVGPOOL, List.of("input"), in, out, 0)));
        return new DeployedNetwork(g, new Weights(Map.of()));
    }

    /** input (1 x 1 x n) -> ReLU, and input + ReLU. */
    static DeployedNetwork reluAdd(int n) {
        Shape s = new Shape(1, 1, n);
        LayerGraph g = LayerGraph.of(ModelZoo.build("resnet8", s, 2, 2), List.of(
                layer("input", Op.INPUT, List.of(), s, s, 0),
                layer("relu", Op.RELU, List.of("input"), s, s, 0),
                layer("add", Op.ADD, List.of("relu", "input"), s, s, 0)));
        return new DeployedNetwork(g, new Weights(Map.of()));
    }

    private static Layer layer(String name, Op op, List<String> inputs, Shape in, Shape out, int kernel) {
        return new Layer(name, op, inputs, in, out, new Layer.Geometry(kernel, kernel == 0 ? 0 : 1, 0), 0, 0,
                Layer.Place.OUTSIDE_BLOCKS);
    }
}
