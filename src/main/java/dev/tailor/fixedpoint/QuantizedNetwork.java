package dev.tailor.fixedpoint;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.Layer;
import dev.tailor.net.Op;
import dev.tailor.net.deploy.DeployedNetwork;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployed network with a precision plan applied: every layer's types and the fixed-point raw
 * values of every weight and bias, as hls4ml would write them. Both the exact simulation and the
 * engine's fast path run this.
 */
public final class QuantizedNetwork {
    /** Widest operand of a multiply or an add: two of them multiply into a long without overflow. */
    public static final int MAX_OPERAND_WIDTH = 32;
    /** Most fraction bits of an operand: aligning two of them for an add stays inside a long. */
    public static final int MAX_OPERAND_FRACTION = 31;

    private final DeployedNetwork network;
    private final LayerPrecisions types;
    private final Map<String, long[]> weights;
    private final Map<String, long[]> biases;

    private QuantizedNetwork(DeployedNetwork network, LayerPrecisions types, Map<String, long[]> weights, Map<String, long[]> biases) {
        this.network = network;
        this.types = types;
        this.weights = weights;
        this.biases = biases;
    }

    /** @param network BN folded ({@code FoldBatchNorm}); every conv and dense layer's weights are quantised here */
    public static QuantizedNetwork of(DeployedNetwork network, PrecisionPlan plan) {
        LayerPrecisions types = LayerPrecisions.resolve(plan, network.graph());
        Map<String, long[]> w = new LinkedHashMap<>();
        Map<String, long[]> b = new LinkedHashMap<>();
        for (Layer l : network.graph().layers()) {
            LayerTypes t = types.of(l.name());
            checkOperand(l, "result", t.result());
            if (l.op() == Op.CONV || l.op() == Op.DENSE) {
                checkOperand(l, "weight", t.weight());
                checkOperand(l, "bias", t.bias());
                w.put(l.name(), quantize(network.weights().get(l.name() + ".weight").values(), t.weight()));
                String bias = l.name() + ".bias";
                b.put(l.name(), network.weights().has(bias) ? quantize(network.weights().get(bias).values(), t.bias())
                        : new long[l.out().channels()]);
            }
        }
        return new QuantizedNetwork(network, types, w, b);
    }

    private static void checkOperand(Layer l, String role, FixedType t) {
        if (t.width() > MAX_OPERAND_WIDTH || t.fraction() > MAX_OPERAND_FRACTION) {
            throw new InvalidInputException(l.name() + "." + role + " is " + t + ": the simulation takes operands of at most "
                    + MAX_OPERAND_WIDTH + " bits with at most " + MAX_OPERAND_FRACTION + " fraction bits (accumulators up to "
                    + FixedType.MAX_WIDTH + ")");
        }
    }

    private static long[] quantize(float[] v, FixedType t) {
        long[] raw = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            raw[i] = WeightWriter.quantize(v[i], t);
        }
        return raw;
    }

    public DeployedNetwork network() {
        return network;
    }

    public LayerPrecisions types() {
        return types;
    }

    /** Raw weights of a conv (out, in, ky, kx) or dense (out, in) layer, at its weight type's scale. */
    public long[] weights(String layer) {
        return weights.get(layer);
    }

    /** Raw biases, one per output channel, at the bias type's scale. */
    public long[] biases(String layer) {
        return biases.get(layer);
    }

    public FixedType inputType() {
        return types.of(network.graph().layers().get(0).name()).result();
    }
}
