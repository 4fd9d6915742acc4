package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one way of computing a network does at each kind of layer; {@link #run} walks a graph in
 * order and feeds each layer its inputs. The double-precision {@link Interpreter}, the bit-exact
 * fixed-point simulation and the engine's batch paths implement it, so they share the walk and
 * differ only in arithmetic.
 *
 * @param <T> a tensor in this arithmetic
 */
public interface LayerOps<T> {
    T conv(Layer l, T x);

    T batchNorm(Layer l, T x);

    T relu(Layer l, T x);

    T add(Layer l, T longBranch, T skip);

    T maxPool(Layer l, T x);

    T averagePool(Layer l, T x);

    T dense(Layer l, T x);

    /** The input layer's output, given the network's input (an arithmetic may quantise it). */
    default T input(Layer l, T x) {
        return x;
    }

    /** Every layer's output by name, in graph order; {@code input} is what the INPUT layer receives. */
    static <T> Map<String, T> run(LayerGraph g, T input, LayerOps<T> ops) {
        Map<String, T> out = new LinkedHashMap<>();
        for (Layer l : g.layers()) {
            T x = l.inputs().isEmpty() ? input : out.get(l.inputs().get(0));
            T y = switch (l.op()) {
                case INPUT -> ops.input(l, x);
                case CONV -> ops.conv(l, x);
                case BN -> ops.batchNorm(l, x);
                case RELU -> ops.relu(l, x);
                case ADD -> ops.add(l, x, out.get(l.inputs().get(1)));
                case MAXPOOL -> ops.maxPool(l, x);
                case GLOBAL_AVGPOOL -> ops.averagePool(l, x);
                case DENSE -> ops.dense(l, x);
            };
            out.put(l.name(), y);
        }
        return out;
    }

    /** The last layer's output. */
    static <T> T output(LayerGraph g, T input, LayerOps<T> ops) {
        Map<String, T> all = run(g, input, ops);
        return all.get(g.layers().get(g.layers().size() - 1).name());
    }
}
