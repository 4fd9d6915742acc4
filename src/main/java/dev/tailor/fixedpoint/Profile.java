package dev.tailor.fixedpoint;

import dev.tailor.net.Layer;
import dev.tailor.net.Op;
import dev.tailor.net.Tensor;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.Interpreter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Value ranges of a deployed float network on calibration images, per layer: its weights and
 * biases (after BN folding) and its output; and the precision plan whose integer bits hold every
 * value seen, or fit them with the least squared error (docs/fixed-point.md, "Profiling"). The
 * float network is run by {@link Interpreter}.
 */
public final class Profile {
    /** The quantile reported beside the maximum. */
    public static final double QUANTILE = 0.9999;

    /** One layer's ranges; {@code weights} and {@code biases} are null where the layer has none. */
    public record LayerRange(String layer, Op op, RangeHistogram weights, RangeHistogram biases, RangeHistogram result) {
        /** The largest |weight|, NaN where the layer has no weights. */
        public double weightMax() {
            return weights == null ? Double.NaN : weights.max();
        }

        /** The largest |bias|, NaN where the layer has no biases. */
        public double biasMax() {
            return biases == null ? Double.NaN : biases.max();
        }
    }

    private final List<LayerRange> layers;
    private final int images;

    Profile(List<LayerRange> layers, int images) {
        this.layers = layers;
        this.images = images;
    }

    /** @param images normalised images, {@code count} of them back to back (N x C x H x W) */
    public static Profile of(DeployedNetwork n, float[] images, int count) {
        int size = (int) n.graph().spec().input().elements();
        int threads = Math.max(1, Math.min(count, Runtime.getRuntime().availableProcessors()));
        List<Map<String, RangeHistogram>> parts = IntStream.range(0, threads).parallel().mapToObj(t -> {
            Map<String, RangeHistogram> h = new LinkedHashMap<>();
            for (int i = t; i < count; i += threads) {
                float[] image = java.util.Arrays.copyOfRange(images, i * size, (i + 1) * size);
                Interpreter.activations(n, image).forEach((name, values) -> {
                    RangeHistogram r = h.computeIfAbsent(name, k -> new RangeHistogram());
                    for (double v : values) {
                        r.add(v);
                    }
                });
            }
            return h;
        }).toList();
        List<LayerRange> out = new ArrayList<>();
        for (Layer l : n.graph().layers()) {
            RangeHistogram r = new RangeHistogram();
            parts.forEach(p -> r.addAll(p.getOrDefault(l.name(), new RangeHistogram())));
            out.add(new LayerRange(l.name(), l.op(), values(n, l.name() + ".weight"), values(n, l.name() + ".bias"), r));
        }
        return new Profile(out, count);
    }

    private static RangeHistogram values(DeployedNetwork n, String tensor) {
        if (!n.weights().has(tensor)) {
            return null;
        }
        Tensor t = n.weights().get(tensor);
        RangeHistogram h = new RangeHistogram();
        for (float v : t.values()) {
            h.add(v);
        }
        return h;
    }

    public List<LayerRange> layers() {
        return layers;
    }

    public int images() {
        return images;
    }

    /** The fewest integer bits (sign included when signed) of a type that holds magnitudes up to {@code max}. */
    public static int integerBits(double max, boolean signed) {
        int bits = max == 0 ? 0 : Math.getExponent(max) + 1;
        return signed ? bits + 1 : bits;
    }

    /** {@link #plan(Widths, Rounding, Overflow, PrecisionPlan, IntegerFit)} with integer bits that hold the maxima. */
    public PrecisionPlan plan(Widths widths, Rounding rounding, Overflow overflow, PrecisionPlan base) {
        return plan(widths, rounding, overflow, base, IntegerFit.MAX);
    }

    /**
     * Every layer's weights, biases and result as signed types of the given widths with integer
     * bits chosen by {@code fit} (never more than the width), the given modes, and {@code base}'s
     * default and accumulator settings underneath.
     */
    public PrecisionPlan plan(Widths widths, Rounding rounding, Overflow overflow, PrecisionPlan base, IntegerFit fit) {
        Map<String, PrecisionPlan.Setting> m = new LinkedHashMap<>();
        for (LayerRange r : layers) {
            if (r.weights() != null) {
                m.put(r.layer() + "." + Role.WEIGHT.key(), setting(r.weights(), widths.weight(), rounding, overflow, fit));
                m.put(r.layer() + "." + Role.BIAS.key(), setting(r.biases() == null ? new RangeHistogram() : r.biases(), widths.bias(),
                        rounding, overflow, fit));
            }
            m.put(r.layer() + "." + Role.RESULT.key(), setting(r.result(), widths.result(), rounding, overflow, fit));
        }
        return base.overriddenBy(PrecisionPlan.of(m));
    }

    /** Bits of the weights, biases and results (activations) a plan gives every layer. */
    public record Widths(int weight, int bias, int result) {
        public static Widths uniform(int bits) {
            return new Widths(bits, bits, bits);
        }
    }

    /** The largest result magnitude seen in any layer. */
    public double largestResult() {
        return layers.stream().mapToDouble(r -> r.result().max()).max().orElse(0);
    }

    /**
     * One profile of several: layers of the same name (the same layer in two wirings of one
     * network) pool their values; the others are kept as they are.
     */
    public static Profile merge(List<Profile> profiles) {
        Map<String, LayerRange> m = new LinkedHashMap<>();
        int images = 0;
        for (Profile p : profiles) {
            images = Math.max(images, p.images);
            for (LayerRange r : p.layers) {
                LayerRange had = m.get(r.layer());
                if (had == null) {
                    RangeHistogram h = new RangeHistogram();
                    h.addAll(r.result());
                    m.put(r.layer(), new LayerRange(r.layer(), r.op(), r.weights(), r.biases(), h));
                } else {
                    // Not always the same tensors: merging parallel convs sums a shortened block's weights into one of them.
                    had.result().addAll(r.result());
                    m.put(r.layer(), new LayerRange(r.layer(), r.op(), pooled(had.weights(), r.weights()), pooled(had.biases(), r.biases()),
                            had.result()));
                }
            }
        }
        return new Profile(new ArrayList<>(m.values()), images);
    }

    private static RangeHistogram pooled(RangeHistogram a, RangeHistogram b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        RangeHistogram h = new RangeHistogram();
        h.addAll(a);
        h.addAll(b);
        return h;
    }

    /** Whether {@code width} bits were too few for this maximum (the plan then overflows on it). */
    public static boolean tooNarrow(double max, int width) {
        return integerBits(max, true) > width;
    }

    private static PrecisionPlan.Setting setting(RangeHistogram values, int width, Rounding r, Overflow o, IntegerFit fit) {
        // Tiny maxima would ask for more fraction bits than the simulation's operands hold.
        int fewest = width - QuantizedNetwork.MAX_OPERAND_FRACTION;
        int holding = Math.max(fewest, Math.min(width, integerBits(values.max(), true)));
        if (fit == IntegerFit.MAX || values.count() == 0) {
            return new PrecisionPlan.Setting(new FixedType(width, holding, true, r, o));
        }
        // Fewer integer bits than the maximum needs trade overflow of the largest values for fraction
        // bits; a tie keeps the wider range.
        FixedType best = new FixedType(width, holding, true, r, o);
        double bestError = values.meanSquaredError(best);
        for (int integer = holding - 1; integer >= fewest; integer--) {
            FixedType t = new FixedType(width, integer, true, r, o);
            double e = values.meanSquaredError(t);
            if (e < bestError) {
                best = t;
                bestError = e;
            }
        }
        return new PrecisionPlan.Setting(best);
    }
}
