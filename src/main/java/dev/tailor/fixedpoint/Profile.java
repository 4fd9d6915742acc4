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
 * value seen (docs/fixed-point.md, "Profiling"). The float network is run by {@link Interpreter}.
 */
public final class Profile {
    /** The quantile reported beside the maximum. */
    public static final double QUANTILE = 0.9999;

    /** One layer's ranges; weight and bias maxima are NaN where the layer has none. */
    public record LayerRange(String layer, Op op, double weightMax, double biasMax, RangeHistogram result) {
    }

    private final List<LayerRange> layers;
    private final int images;

    private Profile(List<LayerRange> layers, int images) {
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
            out.add(new LayerRange(l.name(), l.op(), maxAbs(n, l.name() + ".weight"), maxAbs(n, l.name() + ".bias"), r));
        }
        return new Profile(out, count);
    }

    private static double maxAbs(DeployedNetwork n, String tensor) {
        if (!n.weights().has(tensor)) {
            return Double.NaN;
        }
        Tensor t = n.weights().get(tensor);
        double m = 0;
        for (float v : t.values()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
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

    /**
     * Every layer's weights, biases and result as signed types of the given widths with the integer
     * bits that hold their maxima (but never more than the width), the given modes, and
     * {@code base}'s default and accumulator settings underneath.
     */
    public PrecisionPlan plan(Widths widths, Rounding rounding, Overflow overflow, PrecisionPlan base) {
        Map<String, PrecisionPlan.Setting> m = new LinkedHashMap<>();
        for (LayerRange r : layers) {
            if (!Double.isNaN(r.weightMax())) {
                m.put(r.layer() + "." + Role.WEIGHT.key(), setting(r.weightMax(), widths.weight(), rounding, overflow));
                m.put(r.layer() + "." + Role.BIAS.key(), setting(r.biasMax(), widths.bias(), rounding, overflow));
            }
            m.put(r.layer() + "." + Role.RESULT.key(), setting(r.result().max(), widths.result(), rounding, overflow));
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
                    m.put(r.layer(), new LayerRange(r.layer(), r.op(), r.weightMax(), r.biasMax(), h));
                } else {
                    had.result().addAll(r.result());
                    m.put(r.layer(), new LayerRange(r.layer(), r.op(), Math.max(had.weightMax(), r.weightMax()),
                            Math.max(had.biasMax(), r.biasMax()), had.result()));
                }
            }
        }
        return new Profile(new ArrayList<>(m.values()), images);
    }

    /** Whether {@code width} bits were too few for this maximum (the plan then overflows on it). */
    public static boolean tooNarrow(double max, int width) {
        return integerBits(max, true) > width;
    }

    private static PrecisionPlan.Setting setting(double max, int width, Rounding r, Overflow o) {
        // Tiny maxima would ask for more fraction bits than the simulation's operands hold.
        int integer = Math.max(width - QuantizedNetwork.MAX_OPERAND_FRACTION, Math.min(width, integerBits(max, true)));
        return new PrecisionPlan.Setting(new FixedType(width, integer, true, r, o));
    }
}
