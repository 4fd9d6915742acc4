package dev.tailor.data;

/**
 * Training-time augmentation: random crop of the original size from the image zero-padded by
 * {@code pad} pixels, and a random horizontal flip. {@link #NONE} is used for evaluation.
 */
public record Augmentation(int pad, boolean flip) {
    public static final Augmentation NONE = new Augmentation(0, false);

    /** The CIFAR recipe (docs/method.md, "Optimisation"): 4-pixel padding and horizontal flips. */
    public static Augmentation standard() {
        return new Augmentation(4, true);
    }
}
