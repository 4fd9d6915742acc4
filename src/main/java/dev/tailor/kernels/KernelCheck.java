package dev.tailor.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.tailor.errors.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs candidates on one configuration: correctness on a small random batch against
 * {@link ConvReference}, then the time of the correct ones on a batch of the real size (capped).
 * Everything it makes lives in managers of its own, and it leaves the engine's gradient mode and
 * random generator as it found them.
 */
final class KernelCheck {
    /** Images in the correctness check: two, so that a kernel splitting the batch over threads is seen doing so. */
    static final int CHECK_BATCH = 2;
    /** Above this many multiply-accumulates per image the check runs on one image (the loops are in Java). */
    static final long LARGE_IMAGE_MACS = 20_000_000L;
    /** Largest accepted {@link ConvReference#error}; correct float32 kernels stay near 1e-6, the wrong ones seen were 1e-3 and above. */
    static final double TOLERANCE = 1e-4;
    /** Runs of each candidate on the check's data: at least this many, more while under the budget, at most the maximum. */
    static final int MIN_RUNS = 4;
    static final long RUN_BUDGET_MILLIS = 5;
    static final int MAX_RUNS = 200;
    /** Further runs on one thread, where the engine uses several. */
    static final int ONE_THREAD_RUNS = 2;
    /** Passes before the timed ones. */
    static final int WARM_UP = 3;

    private final NDManager parent;

    KernelCheck(NDManager parent) {
        this.parent = parent;
    }

    List<Verdict> verify(ConvConfig c, int batch, List<ConvImpl> candidates) {
        ConvShape s = c.shape();
        int n = Math.min(batch, s.macsPerImage() > LARGE_IMAGE_MACS ? 1 : CHECK_BATCH);
        Random rng = new Random(c.key().hashCode());
        double[] x = gaussian(rng, n * s.in() * s.input().height() * s.input().width());
        double[] w = gaussian(rng, s.out() * (s.in() / s.groups()) * s.kernel().height() * s.kernel().width());
        double[] b = s.bias() ? gaussian(rng, s.out()) : null;
        boolean training = c.pass() == ConvConfig.Pass.TRAINING;
        Window o = s.output();
        double[] up = training ? gaussian(rng, n * s.out() * o.height() * o.width()) : null;
        ConvReference.Result want = ConvReference.compute(s, n, x, w, b, up);
        List<Verdict> out = new ArrayList<>();
        for (ConvImpl impl : candidates) {
            if (!impl.canTry(c)) {
                out.add(new Verdict(impl.name(), Verdict.Status.NOT_TRIED, "known to corrupt memory on this shape", Double.NaN, Double.NaN));
                continue;
            }
            try {
                out.add(repeated(impl, c, n, x, w, b, up, want));
            } catch (RuntimeException e) {
                out.add(new Verdict(impl.name(), Verdict.Status.FAILED, "failed: " + Messages.firstLine(String.valueOf(e.getMessage())),
                        Double.NaN, Double.NaN));
            }
        }
        return out;
    }

    /**
     * At least {@link #MIN_RUNS} runs on the same data, each on freshly allocated arrays, and more
     * while they take under {@link #RUN_BUDGET_MILLIS} in all (up to {@link #MAX_RUNS}): a kernel is
     * correct only if every run is. Some kernels are wrong only some of the time: on the Zen 5 the
     * 3x3 stride-2 1→8 channels-last input gradient was wrong in 1 to 5 of 10 runs on identical
     * inputs (a race between threads, by the look of it: the wrong answer is always the same one).
     * Cheap configurations, where such shapes live, get the most runs. Then {@link #ONE_THREAD_RUNS}
     * runs on one thread.
     */
    private Verdict repeated(ConvImpl impl, ConvConfig c, int n, double[] x, double[] w, double[] b, double[] up,
                             ConvReference.Result want) {
        Verdict worst = null;
        int wrong = 0;
        int runs = 0;
        long start = System.nanoTime();
        while (runs < MIN_RUNS || (runs < MAX_RUNS && System.nanoTime() - start < RUN_BUDGET_MILLIS * 1_000_000L)) {
            Verdict v = compare(impl, run(impl, c, n, x, w, b, up), want);
            runs++;
            if (!v.correct()) {
                wrong++;
            }
            if (worst == null || !(v.error() <= worst.error())) {
                worst = v;
            }
        }
        int threads = JniUtils.getNumThreads();
        if (threads > 1) {
            // The same kernel on one thread: a fault in the code each thread runs on its share shows
            // there every time, while on several threads it shows only when that share is split a
            // certain way (the Zen 5 case above: wrong in every one-thread run).
            JniUtils.setNumThreads(1);
            try {
                for (int r = 0; r < ONE_THREAD_RUNS; r++) {
                    Verdict v = compare(impl, run(impl, c, n, x, w, b, up), want);
                    runs++;
                    if (!v.correct()) {
                        wrong++;
                    }
                    if (!(v.error() <= worst.error())) {
                        worst = v;
                    }
                }
            } finally {
                JniUtils.setNumThreads(threads);
            }
        }
        if (wrong == 0 || wrong == runs) {
            return worst;
        }
        return new Verdict(worst.impl(), worst.status(), worst.detail() + " in " + wrong + " of " + runs + " runs", worst.error(),
                worst.millis());
    }

    private record Got(float[] output, float[] inputGradient, float[] weightGradient, float[] biasGradient) {
    }

    private Got run(ConvImpl impl, ConvConfig c, int n, double[] xv, double[] wv, double[] bv, double[] up) {
        ConvShape s = c.shape();
        boolean training = up != null;
        boolean was = JniUtils.isGradMode();
        try (NDManager m = parent.newSubManager()) {
            JniUtils.setGradMode(training);
            NDArray x = c.layout().arrange(create(m, xv, c, new Shape(n, s.in(), s.input().height(), s.input().width())));
            NDArray w = create(m, wv, c, new Shape(s.out(), s.in() / s.groups(), s.kernel().height(), s.kernel().width()));
            NDArray b = bv == null ? null : create(m, bv, c, new Shape(s.out()));
            if (training) {
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                if (b != null) {
                    b.setRequiresGradient(true);
                }
            }
            NDArray y = impl.apply(x, w, b, c);
            float[] yv = floats(y);
            if (!training) {
                return new Got(yv, null, null, null);
            }
            NDArray loss = y.mul(create(m, up, c, y.getShape())).sum();
            JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
            return new Got(yv, floats(x.getGradient()), floats(w.getGradient()), b == null ? null : floats(b.getGradient()));
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    private static Verdict compare(ConvImpl impl, Got got, ConvReference.Result want) {
        String worst = "output";
        double error = ConvReference.error(got.output(), want.output());
        if (want.inputGradient() != null) {
            String[] names = {"input gradient", "weight gradient", "bias gradient"};
            float[][] gots = {got.inputGradient(), got.weightGradient(), got.biasGradient()};
            double[][] wants = {want.inputGradient(), want.weightGradient(), want.biasGradient()};
            for (int i = 0; i < names.length; i++) {
                if (wants[i] == null) {
                    continue;
                }
                double e = ConvReference.error(gots[i], wants[i]);
                if (!(e <= error)) {
                    error = e;
                    worst = names[i];
                }
            }
        }
        if (error <= TOLERANCE) {
            return new Verdict(impl.name(), Verdict.Status.CORRECT, "", error, Double.NaN);
        }
        String size = Double.isInfinite(error) ? "not finite" : String.format(java.util.Locale.ROOT, "error %.1e", error);
        return new Verdict(impl.name(), Verdict.Status.WRONG, "wrong " + worst + " (" + size + ")", error, Double.NaN);
    }

    /**
     * Median milliseconds of a pass (forward, and backward when training) on a batch of
     * {@code batch} images, after {@link #WARM_UP} passes that are not counted (oneDNN builds its
     * kernel, the allocator settles). A candidate whose last warm-up pass already took longer than
     * {@code giveUpAbove} cannot win: that pass's time is returned without the timed ones.
     */
    double time(ConvImpl impl, ConvConfig c, int batch, int repeats, double giveUpAbove) {
        ConvShape s = c.shape();
        boolean training = c.pass() == ConvConfig.Pass.TRAINING;
        boolean was = JniUtils.isGradMode();
        try (NDManager m = parent.newSubManager()) {
            JniUtils.setGradMode(training);
            NDArray x = c.layout().arrange(create(m, pattern(batch * s.in() * s.input().height() * s.input().width()), c,
                    new Shape(batch, s.in(), s.input().height(), s.input().width())));
            NDArray w = create(m, pattern(s.out() * (s.in() / s.groups()) * s.kernel().height() * s.kernel().width()), c,
                    new Shape(s.out(), s.in() / s.groups(), s.kernel().height(), s.kernel().width()));
            NDArray b = s.bias() ? create(m, pattern(s.out()), c, new Shape(s.out())) : null;
            if (training) {
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
            }
            double[] times = new double[repeats];
            for (int r = -WARM_UP; r < repeats; r++) {
                // Each pass's arrays are freed when it ends, as a training step's are: the next pass
                // reuses their memory instead of faulting in fresh pages (which alone took longer
                // than the arithmetic of some configurations here).
                try (NDManager pass = m.newSubManager()) {
                    pass.tempAttachAll(x, w);
                    if (b != null) {
                        pass.tempAttachAll(b);
                    }
                    long start = System.nanoTime();
                    NDArray y = impl.apply(x, w, b, c);
                    if (training) {
                        JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), false, false);
                    }
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (r >= 0) {
                        times[r] = ms;
                    } else if (r > -WARM_UP && ms > giveUpAbove) {
                        return ms;
                    }
                }
            }
            java.util.Arrays.sort(times);
            return times[repeats / 2];
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    private static NDArray create(NDManager m, double[] v, ConvConfig c, Shape shape) {
        if (c.type() == ConvConfig.ElementType.FLOAT64) {
            return m.create(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return m.create(f, shape);
    }

    private static float[] floats(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static double[] gaussian(Random rng, int count) {
        double[] v = new double[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    /** Values in [-0.5, 0.5) without a random generator: timing does not depend on them. */
    private static double[] pattern(int count) {
        double[] v = new double[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 2654435761L) & 1023) / 1024.0 - 0.5;
        }
        return v;
    }
}
