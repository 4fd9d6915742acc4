package dev.tailor.train;

/** One line of {@code metrics.jsonl}. Validation fields are NaN when no validation split is used. */
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainTop1, double valLoss, double valTop1,
                           double valTop5, double seconds, String skips, boolean rewired) {
}
