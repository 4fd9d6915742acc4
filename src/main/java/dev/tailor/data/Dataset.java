package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.Shape;

import java.util.Arrays;
import java.util.Random;

/**
 * Labelled images held in memory as unsigned bytes, channels first (N x C x H x W): 60,000
 * Fashion-MNIST images take 47 MB this way, a quarter of what floats would.
 */
public final class Dataset {
    private final String name;
    private final Shape shape;
    private final int classes;
    private final byte[] pixels;
    private final int[] labels;
    private final boolean mirrorable;

    public Dataset(String name, Shape shape, int classes, byte[] pixels, int[] labels) {
        this(name, shape, classes, pixels, labels, true);
    }

    private Dataset(String name, Shape shape, int classes, byte[] pixels, int[] labels, boolean mirrorable) {
        if ((long) labels.length * shape.elements() != pixels.length) {
            throw new InvalidInputException(name + ": " + labels.length + " labels but " + pixels.length
                    + " bytes of pixels for images of " + shape);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(name + ": label " + labels[i] + " of image " + i + " is outside 0.." + (classes - 1));
            }
        }
        this.name = name;
        this.shape = shape;
        this.classes = classes;
        this.pixels = pixels;
        this.labels = labels;
        this.mirrorable = mirrorable;
    }

    /**
     * The same samples, marked as ones a horizontal flip would falsify: spectrograms, whose width is
     * time (a flip plays the clip backwards). Augmentation leaves their flips out.
     */
    public Dataset notMirrorable() {
        return new Dataset(name, shape, classes, pixels, labels, false);
    }

    /** Whether a horizontal flip keeps a sample's meaning (images yes, spectrograms no). */
    public boolean mirrorable() {
        return mirrorable;
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    public int classes() {
        return classes;
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Unsigned value of one pixel. */
    public int pixel(int image, int offset) {
        return pixels[(int) (image * shape.elements()) + offset] & 0xff;
    }

    byte[] pixels() {
        return pixels;
    }

    public Dataset subset(int[] indices, String subsetName) {
        int e = (int) shape.elements();
        byte[] p = new byte[indices.length * e];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * e, p, i * e, e);
            l[i] = labels[indices[i]];
        }
        return new Dataset(subsetName, shape, classes, p, l, mirrorable);
    }

    /** Splits off a seeded random validation part; fraction 0 gives an empty validation set (null). */
    public Split split(double validationFraction, long seed) {
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new InvalidInputException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int nVal = (int) Math.round(size() * validationFraction);
        if (nVal == 0) {
            return new Split(this, null);
        }
        int[] perm = permutation(size(), new Random(seed));
        int[] val = Arrays.copyOfRange(perm, 0, nVal);
        int[] train = Arrays.copyOfRange(perm, nVal, perm.length);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(subset(train, name + "/train"), subset(val, name + "/val"));
    }

    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Training part and (possibly null) validation part. */
    public record Split(Dataset train, Dataset validation) {
    }
}
