package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.kernels.KernelChooser;
import dev.tailor.fixedpoint.LayerTypes;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.net.Layer;
import dev.tailor.net.deploy.LayerOps;

import java.util.HashMap;
import java.util.Map;

/**
 * The fast path of the fixed-point simulation: the same {@link QuantizedNetwork} run by the engine
 * on whole batches in float64. Every value is a fixed-point number held exactly in a double; convs
 * sum exact products (in float32 where every partial sum fits its 24 bits), and {@link FixedOps}
 * rounds and wraps the sums. That is bit-exact only where
 * no per-product rounding or mid-sum saturation happens and every sum fits 53 bits
 * ({@link FastPathCheck}); callers check first and otherwise use the simulation itself.
 */
public final class FixedPointEngine implements LayerOps<NDArray>, AutoCloseable {
    private final QuantizedNetwork q;
    private final NDManager manager;
    private final Map<String, NDArray> weights = new HashMap<>();
    /** The convs whose sums are exact in float32 ({@link FastPathCheck#sumExactInFloat32}): their weights in float32. */
    private final Map<String, NDArray> singleWeights = new HashMap<>();
    private final Map<String, NDArray> biases = new HashMap<>();
    /** Its arrays are plain NCHW: made here from the images, and every conv keeps its input's layout. */
    private final Convolution convolution;

    /** Copies the network's weights into a manager of its own, under {@code parent}. */
    public FixedPointEngine(QuantizedNetwork q, NDManager parent) {
        this(q, parent, KernelChooser.shared());
    }

    /** As above, with convolutions chosen by {@code kernels}. */
    FixedPointEngine(QuantizedNetwork q, NDManager parent, KernelChooser kernels) {
        FastPathCheck.requireExact(q);
        this.convolution = new Convolution(kernels, MemoryLayout.NCHW);
        this.q = q;
        this.manager = parent.newSubManager();
        for (Layer l : q.network().graph().layers()) {
            long[] w = q.weights(l.name());
            if (w == null) {
                continue;
            }
            LayerTypes t = q.types().of(l.name());
            int[] shape = q.network().weights().get(l.name() + ".weight").shape();
            NDArray weight = manager.create(values(w, t.weight()), new Shape(java.util.Arrays.stream(shape).asLongStream().toArray()));
            weights.put(l.name(), weight);
            if (l.isConv() && FastPathCheck.sumExactInFloat32(l, t)) {
                singleWeights.put(l.name(), weight.toType(DataType.FLOAT32, false));
            }
            long[] b = q.biases(l.name());
            double[] acc = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                acc[i] = t.accum().toDouble(t.accum().convert(b[i], t.bias().fraction()));
            }
            biases.put(l.name(), manager.create(acc));
        }
    }

    /** Logits of {@code n} normalised images (N x C x H x W floats), one row per image. */
    public double[][] logits(float[] images, int n) {
        dev.tailor.net.Shape s = q.network().graph().spec().input();
        try (NDManager pass = manager.newSubManager()) {
            NDArray x = pass.create(images, new Shape(n, s.channels(), s.height(), s.width())).toType(DataType.FLOAT64, false);
            NDArray y = LayerOps.output(q.network().graph(), x, this);
            double[] flat = y.toDoubleArray();
            int classes = flat.length / n;
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return out;
        }
    }

    private static double[] values(long[] raw, FixedType t) {
        double[] v = new double[raw.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.toDouble(raw[i]);
        }
        return v;
    }

    private LayerTypes types(Layer l) {
        return q.types().of(l.name());
    }

    @Override
    public NDArray input(Layer l, NDArray x) {
        return FixedOps.quantize(x, types(l).result());
    }

    /**
     * The exact sum of products, in float32 where that is exact too (the engine's float64 conv has no
     * optimised kernel, and the convs are most of the fast path's time), plus the bias.
     */
    @Override
    public NDArray conv(Layer l, NDArray x) {
        NDArray single = singleWeights.get(l.name());
        NDArray products = single != null
                ? convolution.apply(x.toType(DataType.FLOAT32, false), single, null, l.stride(), l.padding()).toType(DataType.FLOAT64, false)
                : convolution.apply(x, weights.get(l.name()), null, l.stride(), l.padding());
        return toResult(l, products.add(biases.get(l.name()).reshape(1, -1, 1, 1)));
    }

    /** How many convs sum in float32 (for tests). */
    int singlePrecisionConvs() {
        return singleWeights.size();
    }

    @Override
    public NDArray dense(Layer l, NDArray x) {
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        return toResult(l, flat.matMul(weights.get(l.name()).transpose()).add(biases.get(l.name())));
    }

    /** An exact sum: the accumulator's overflow, then the conversion to the result type. */
    private NDArray toResult(Layer l, NDArray sum) {
        LayerTypes t = types(l);
        return FixedOps.quantize(FixedOps.fit(sum, t.accum()), t.result());
    }

    @Override
    public NDArray batchNorm(Layer l, NDArray x) {
        throw new IllegalStateException(l.name() + ": BatchNorm must be folded before simulation");
    }

    /** Values on the result type's grid already (the same type in and out) need only the max. */
    @Override
    public NDArray relu(Layer l, NDArray x) {
        LayerTypes t = types(l);
        NDArray y = x.maximum(0);
        return t.result().equals(t.input()) ? y : FixedOps.quantize(y, t.result());
    }

    @Override
    public NDArray add(Layer l, NDArray a, NDArray b) {
        return FixedOps.quantize(a.add(b), types(l).result());
    }

    @Override
    public NDArray maxPool(Layer l, NDArray x) {
        NDArray y = Pool.maxPool2d(x, new Shape(l.kernel(), l.kernel()), new Shape(l.stride(), l.stride()),
                new Shape(l.padding(), l.padding()), false);
        return FixedOps.quantize(y, types(l).result());
    }

    /** Sum in the accumulator, then the raw sum divided by H·W truncating toward zero (as the simulation does). */
    @Override
    public NDArray averagePool(Layer l, NDArray x) {
        LayerTypes t = types(l);
        FixedType acc = t.accum();
        NDArray sum = FixedOps.fit(FixedOps.quantize(x, acc).sum(new int[]{2, 3}), acc);
        double up = Math.scalb(1.0, acc.fraction());
        NDArray quotient = sum.mul(up).div(l.in().pixels());
        NDArray truncated = quotient.abs().floor().mul(quotient.sign());
        return FixedOps.quantize(truncated.mul(1 / up), t.result());
    }

    @Override
    public void close() {
        manager.close();
    }
}
