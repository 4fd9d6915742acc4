package dev.tailor.data;

/** A dataset's training and test parts. */
public record DataSplits(Dataset train, Dataset test) {
}
