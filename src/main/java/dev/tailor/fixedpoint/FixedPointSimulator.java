package dev.tailor.fixedpoint;

import dev.tailor.net.Layer;
import dev.tailor.net.deploy.LayerOps;
import dev.tailor.net.deploy.Window;

import java.util.Map;

/**
 * Bit-exact {@code ap_fixed} inference of a {@link QuantizedNetwork}, one image at a time, in
 * {@code long} arithmetic: the reference a generated HLS design must match bit for bit. Each
 * operation follows hls4ml's Vivado templates (docs/fixed-point.md, "Operations"): a conv or
 * dense layer starts its accumulator at the bias, adds every product converted to the
 * accumulator type (overflow applied at each step), then converts the sum to its result type;
 * ReLU, Add and pooling convert their exact results to theirs.
 */
public final class FixedPointSimulator implements LayerOps<FixedTensor> {
    private final QuantizedNetwork q;

    private FixedPointSimulator(QuantizedNetwork q) {
        this.q = q;
    }

    /** The logits' raw values and type. */
    public static FixedTensor logits(QuantizedNetwork q, float[] image) {
        return LayerOps.output(q.network().graph(), input(q, image), new FixedPointSimulator(q));
    }

    /** Every layer's output by name. */
    public static Map<String, FixedTensor> activations(QuantizedNetwork q, float[] image) {
        return LayerOps.run(q.network().graph(), input(q, image), new FixedPointSimulator(q));
    }

    /** The predicted class (ties to the lowest index, {@link Classes}). */
    public static int classify(QuantizedNetwork q, float[] image) {
        return Classes.argmax(logits(q, image).values());
    }

    /** The image (normalised floats) converted to the input layer's type, as a test bench's float-to-input_t copy does. */
    private static FixedTensor input(QuantizedNetwork q, float[] image) {
        long expected = q.network().graph().spec().input().elements();
        if (image.length != expected) {
            throw new IllegalArgumentException("image has " + image.length + " values, the network expects " + expected);
        }
        FixedType t = q.inputType();
        long[] raw = new long[image.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = t.fromDouble(image[i]);
        }
        return new FixedTensor(raw, t);
    }

    private LayerTypes types(Layer l) {
        return q.types().of(l.name());
    }

    /** Sums over the window in tap order, channels innermost, as {@code Interpreter} does (the order matters only under AP_SAT). */
    @Override
    public FixedTensor conv(Layer l, FixedTensor x) {
        LayerTypes t = types(l);
        long[] w = q.weights(l.name());
        long[] bias = q.biases(l.name());
        FixedType acc = t.accum();
        int productFrac = x.type().fraction() + t.weight().fraction();
        int ci = l.in().channels();
        int plane = (int) l.in().pixels();
        int kk = l.kernel() * l.kernel();
        int pixels = (int) l.out().pixels();
        int[] taps = Window.taps(l);
        long[] xr = x.raw();
        long[] y = new long[(int) l.out().elements()];
        for (int oc = 0; oc < l.out().channels(); oc++) {
            long start = acc.convert(bias[oc], t.bias().fraction());
            for (int p = 0; p < pixels; p++) {
                long a = start;
                for (int tap = 0; tap < kk; tap++) {
                    int ix = taps[p * kk + tap];
                    if (ix < 0) {
                        continue;
                    }
                    for (int c = 0; c < ci; c++) {
                        a = acc.add(a, acc.convert(w[(oc * ci + c) * kk + tap] * xr[c * plane + ix], productFrac));
                    }
                }
                y[oc * pixels + p] = t.result().convert(a, acc.fraction());
            }
        }
        return new FixedTensor(y, t.result());
    }

    @Override
    public FixedTensor dense(Layer l, FixedTensor x) {
        LayerTypes t = types(l);
        long[] w = q.weights(l.name());
        long[] bias = q.biases(l.name());
        FixedType acc = t.accum();
        int productFrac = x.type().fraction() + t.weight().fraction();
        long[] xr = x.raw();
        long[] y = new long[l.out().channels()];
        for (int o = 0; o < y.length; o++) {
            long a = acc.convert(bias[o], t.bias().fraction());
            for (int i = 0; i < xr.length; i++) {
                a = acc.add(a, acc.convert(w[o * xr.length + i] * xr[i], productFrac));
            }
            y[o] = t.result().convert(a, acc.fraction());
        }
        return new FixedTensor(y, t.result());
    }

    @Override
    public FixedTensor batchNorm(Layer l, FixedTensor x) {
        throw new IllegalStateException(l.name() + ": BatchNorm must be folded before simulation");
    }

    @Override
    public FixedTensor relu(Layer l, FixedTensor x) {
        FixedType r = types(l).result();
        long[] y = new long[x.raw().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.convert(Math.max(0, x.raw()[i]), x.type().fraction());
        }
        return new FixedTensor(y, r);
    }

    /** The exact sum (both operands aligned to the finer scale) converted to the result type. */
    @Override
    public FixedTensor add(Layer l, FixedTensor a, FixedTensor b) {
        FixedType r = types(l).result();
        int frac = Math.max(a.type().fraction(), b.type().fraction());
        int sa = frac - a.type().fraction();
        int sb = frac - b.type().fraction();
        long[] y = new long[a.raw().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.convert((a.raw()[i] << sa) + (b.raw()[i] << sb), frac);
        }
        return new FixedTensor(y, r);
    }

    @Override
    public FixedTensor maxPool(Layer l, FixedTensor x) {
        FixedType r = types(l).result();
        long[] in = x.raw();
        int[] src = Window.maxSources(l, (i, j) -> Long.compare(in[i], in[j]));
        long[] y = new long[src.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.convert(in[src[i]], x.type().fraction());
        }
        return new FixedTensor(y, r);
    }

    /**
     * hls4ml's global average pool: each value converted to the accumulator type and summed in it,
     * the sum divided by H·W as an integer division of its raw value (truncating toward zero, the
     * accumulator's fraction bits kept), then converted to the result type.
     */
    @Override
    public FixedTensor averagePool(Layer l, FixedTensor x) {
        LayerTypes t = types(l);
        FixedType acc = t.accum();
        int plane = (int) l.in().pixels();
        long[] y = new long[l.in().channels()];
        for (int c = 0; c < y.length; c++) {
            long s = 0;
            for (int i = 0; i < plane; i++) {
                s = acc.add(s, acc.convert(x.raw()[c * plane + i], x.type().fraction()));
            }
            y[c] = t.result().convert(s / plane, acc.fraction());
        }
        return new FixedTensor(y, t.result());
    }
}
