package dev.tailor.fixedpoint;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link PrecisionPlan} applied to a deployed graph: the concrete types of every layer, with
 * {@code auto} accumulators worked out by hls4ml's rule (docs/fixed-point.md, "Precision files").
 * This is what cost models and exporters read per layer.
 */
public final class LayerPrecisions {
    private final Map<String, LayerTypes> byLayer;

    private LayerPrecisions(Map<String, LayerTypes> byLayer) {
        this.byLayer = byLayer;
    }

    /** Bit widths of one layer's types, for cost models: a role the layer lacks takes its result's width. */
    public record Widths(int weight, int result, int accum) {
        static Widths of(LayerTypes t) {
            int r = t.result().width();
            return new Widths(t.weight() == null ? r : t.weight().width(), r, t.accum() == null ? r : t.accum().width());
        }

        Widths widest(Widths o) {
            return new Widths(Math.max(weight, o.weight), Math.max(result, o.result), Math.max(accum, o.accum));
        }
    }

    /** Types for every layer of {@code g}, which must have its BatchNorms folded ({@code FoldBatchNorm}). */
    public static LayerPrecisions resolve(PrecisionPlan plan, LayerGraph g) {
        return resolve(plan, g, false);
    }

    /**
     * Types for every layer of a graph whose BatchNorms are not folded, as a cost model or an
     * exporter sees it: a BN passes on the types of the conv it follows (that conv's result type
     * is the folded conv's), every other layer resolves as in {@link #resolve(PrecisionPlan, LayerGraph)}.
     */
    public static LayerPrecisions resolveUnfolded(PrecisionPlan plan, LayerGraph g) {
        return resolve(plan, g, true);
    }

    /**
     * Per layer name, the widest width of each role over several resolutions (one per wiring a
     * cost model compares): a layer's accumulator can depend on what it reads, which the wiring chooses.
     */
    public static Map<String, Widths> widest(java.util.Collection<LayerPrecisions> all) {
        Map<String, Widths> out = new LinkedHashMap<>();
        for (LayerPrecisions p : all) {
            p.byLayer.forEach((layer, t) -> out.merge(layer, Widths.of(t), Widths::widest));
        }
        return out;
    }

    /** Every layer's widths. */
    public Map<String, Widths> widths() {
        return widest(java.util.List.of(this));
    }

    /** The plan's default widths; an {@code auto} accumulator counts as the widest one of {@code layers}. */
    public static Widths defaults(PrecisionPlan plan, Map<String, Widths> layers) {
        PrecisionPlan.Setting acc = plan.setting(PrecisionPlan.DEFAULT, Role.ACCUM);
        int result = plan.setting(PrecisionPlan.DEFAULT, Role.RESULT).type().width();
        int accum = acc.isAuto() ? layers.values().stream().mapToInt(Widths::accum).max().orElse(result) : acc.type().width();
        return new Widths(plan.setting(PrecisionPlan.DEFAULT, Role.WEIGHT).type().width(), result, accum);
    }

    private static LayerPrecisions resolve(PrecisionPlan plan, LayerGraph g, boolean passBatchNorm) {
        Map<String, LayerTypes> m = new LinkedHashMap<>();
        for (Layer l : g.layers()) {
            FixedType in = l.inputs().isEmpty() ? null : m.get(l.inputs().get(0)).result();
            FixedType result = plan.setting(l.name(), Role.RESULT).type();
            LayerTypes t = switch (l.op()) {
                case INPUT, RELU, ADD, MAXPOOL -> new LayerTypes(in, null, null, null, result);
                case GLOBAL_AVGPOOL -> new LayerTypes(in, null, null, accumulator(plan, l, in, null, null), result);
                case CONV, DENSE -> {
                    FixedType w = plan.setting(l.name(), Role.WEIGHT).type();
                    FixedType b = plan.setting(l.name(), Role.BIAS).type();
                    yield new LayerTypes(in, w, b, accumulator(plan, l, in, w, b), result);
                }
                case BN -> {
                    if (!passBatchNorm) {
                        throw new IllegalArgumentException(l.name() + ": fold BatchNorm into the conv (FoldBatchNorm) before choosing precisions");
                    }
                    yield m.get(l.inputs().get(0));
                }
            };
            m.put(l.name(), t);
        }
        return new LayerPrecisions(m);
    }

    public LayerTypes of(String layer) {
        LayerTypes t = byLayer.get(layer);
        if (t == null) {
            throw new IllegalArgumentException("no layer named " + layer);
        }
        return t;
    }

    public Map<String, LayerTypes> all() {
        return java.util.Collections.unmodifiableMap(byLayer);
    }

    private static FixedType accumulator(PrecisionPlan plan, Layer l, FixedType in, FixedType w, FixedType b) {
        PrecisionPlan.Setting s = plan.setting(l.name(), Role.ACCUM);
        if (!s.isAuto()) {
            return s.type();
        }
        try {
            return l.op() == Op.GLOBAL_AVGPOOL ? autoPool(in, (int) l.in().pixels()) : autoMac(in, w, b, terms(l));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(l.name() + ": the auto accumulator is too wide (" + e.getMessage() + "); set "
                    + l.name() + ".accum to a type");
        }
    }

    /** Products summed per output: C_in·K² for a conv, inputs for a dense layer. */
    static int terms(Layer l) {
        return l.op() == Op.DENSE ? l.in().channels() : l.in().channels() * l.kernel() * l.kernel();
    }

    /**
     * hls4ml's inferred accumulator for a conv or dense layer: full-precision products and
     * ceil(log2 n) guard bits, widened to hold the bias: it never rounds or overflows.
     */
    static FixedType autoMac(FixedType in, FixedType w, FixedType b, int n) {
        int guard = ceilLog2(n);
        boolean signed = w.signed() || in.signed();
        int integer = w.integer() + in.integer() + guard;
        int frac = w.fraction() + in.fraction();
        integer = Math.max(integer + (b.signed() && !signed ? 1 : 0), b.integer() + (signed && !b.signed() ? 1 : 0)) + 1;
        int width = integer + Math.max(frac, b.fraction());
        return new FixedType(width, integer, signed || b.signed(), Rounding.TRN, Overflow.WRAP);
    }

    /** hls4ml's inferred accumulator of an average pool over n values: ceil(log2 n) more integer and fraction bits. */
    static FixedType autoPool(FixedType in, int n) {
        int extra = ceilLog2(n);
        return new FixedType(in.width() + 2 * extra, in.integer() + extra, in.signed(), Rounding.TRN, Overflow.WRAP);
    }

    static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
