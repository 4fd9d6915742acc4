package dev.tailor.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Shuffled, augmented, normalised batches for one epoch, prepared on a background thread a few
 * batches ahead so data loading does not hold up the training step. The order and augmentation
 * depend only on (seed, epoch): a resumed run sees exactly the batches it would have seen.
 */
public final class BatchLoader implements Iterator<Batch>, AutoCloseable {
    private static final Batch END = new Batch(new float[0], new int[0], 0);
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
    private final Thread worker;
    private Object next;

    /** The two kinds of pass over a dataset. */
    public enum Pass {
        /** Shuffled and augmented; the final partial batch dropped (it would make BN statistics jumpy). */
        TRAINING,
        /** Every image once, in dataset order, unaugmented. */
        IN_ORDER;

        boolean shuffled() {
            return this == TRAINING;
        }

        boolean dropsLast() {
            return this == TRAINING;
        }
    }

    /** Makes the batches of one pass and hands each to {@code out}, in order. */
    interface Producer {
        void produce(BatchSink out) throws InterruptedException;
    }

    /** Where a producer puts batches (blocks while the consumer is a few batches behind). */
    interface BatchSink {
        void put(Batch b) throws InterruptedException;
    }

    /** Runs {@code producer} on a background thread; package-private so tests can make it fail. */
    BatchLoader(Producer producer) {
        worker = new Thread(() -> run(producer), "tailor-batches");
        worker.setDaemon(true);
        worker.start();
    }

    private static BatchLoader of(Dataset data, Normalization norm, Augmentation aug, int batchSize, Pass pass, long seed, int epoch) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        Random rng = new Random(seed * 1_000_003L + epoch);
        Augmentation a = pass.shuffled() ? aug : Augmentation.NONE;
        return new BatchLoader(out -> produce(data, norm, a, batchSize, pass, rng, out));
    }

    /**
     * An epoch of {@link Pass#TRAINING} batches, shuffled and augmented by a generator seeded from
     * (seed, epoch).
     */
    public static BatchLoader forTraining(Dataset data, Normalization norm, Augmentation aug, int batchSize, long seed, int epoch) {
        return of(data, norm, aug, batchSize, Pass.TRAINING, seed, epoch);
    }

    /** Every image once, in dataset order, unaugmented (evaluation). */
    public static BatchLoader inOrder(Dataset data, Normalization norm, int batchSize) {
        return of(data, norm, Augmentation.NONE, batchSize, Pass.IN_ORDER, 0, 0);
    }

    /** Number of batches an epoch has. */
    public static int batchesPerEpoch(int size, int batchSize, Pass pass) {
        return pass.dropsLast() ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    private void run(Producer producer) {
        try {
            producer.produce(queue::put);
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Handed to the consumer, which rethrows it: a dead worker must never leave it waiting.
            try {
                queue.put(e);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void produce(Dataset d, Normalization norm, Augmentation aug, int batchSize, Pass pass, Random rng,
                                BatchSink out) throws InterruptedException {
        int n = d.size();
        int[] order = pass.shuffled() ? Dataset.permutation(n, rng) : identity(n);
        int batches = batchesPerEpoch(n, batchSize, pass);
        int e = (int) d.shape().elements();
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int size = Math.min(batchSize, n - from);
            float[] x = new float[size * e];
            int[] y = new int[size];
            for (int i = 0; i < size; i++) {
                int idx = order[from + i];
                y[i] = d.label(idx);
                int dy = aug.pad() > 0 ? rng.nextInt(2 * aug.pad() + 1) - aug.pad() : 0;
                int dx = aug.pad() > 0 ? rng.nextInt(2 * aug.pad() + 1) - aug.pad() : 0;
                boolean flip = aug.flip() && d.mirrorable() && rng.nextBoolean();
                copyImage(d, norm, idx, x, i * e, dy, dx, flip);
            }
            out.put(new Batch(x, y, size));
        }
    }

    /** Writes one normalised image shifted by (dy, dx) with zero (mean) padding, optionally mirrored. */
    private static void copyImage(Dataset d, Normalization norm, int idx, float[] out, int off, int dy, int dx, boolean flip) {
        int c = d.shape().channels();
        int h = d.shape().height();
        int w = d.shape().width();
        byte[] px = d.pixels();
        int src = idx * c * h * w;
        for (int ch = 0; ch < c; ch++) {
            float mean = (float) norm.mean()[ch];
            float inv = (float) (1.0 / norm.std()[ch]);
            float pad = (0 - mean) * inv;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    float v;
                    if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                        v = pad;
                    } else {
                        v = ((px[src + (ch * h + sy) * w + sx] & 0xff) - mean) * inv;
                    }
                    out[off + (ch * h + y) * w + x] = v;
                }
            }
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        return next != END;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch b = (Batch) next;
        next = null;
        return b;
    }

    /** Stops the worker and waits for it, so no thread outlives the loader. */
    @Override
    public void close() {
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
