package dev.tailor.data;

/** One prepared batch: normalised images (N x C x H x W floats) and labels. */
public record Batch(float[] images, int[] labels, int size) {
}
