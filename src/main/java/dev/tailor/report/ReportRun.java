package dev.tailor.report;

import dev.tailor.experiment.ArmResult;
import dev.tailor.train.EpochMetrics;

import java.nio.file.Path;
import java.util.List;

/**
 * One training run the report shows: an experiment arm or a plain {@code train}/{@code alter} run.
 *
 * @param label   how the page names it ("tailor (remove)", or the folder's name)
 * @param metrics its epochs so far (empty when metrics.jsonl is missing or unreadable)
 * @param result  its final network and test accuracy; null while unfinished or when summary.json is unreadable
 */
public record ReportRun(String label, Path dir, List<EpochMetrics> metrics, ArmResult result) {
    public ReportRun {
        metrics = List.copyOf(metrics);
    }

    public boolean finished() {
        return result != null;
    }

    public ReportRun relabelled(String newLabel) {
        return new ReportRun(newLabel, dir, metrics, result);
    }
}
