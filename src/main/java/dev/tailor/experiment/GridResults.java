package dev.tailor.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a grid's jobs have left in their folders: the finished arms (by target, arm, then seed) and
 * the jobs without a result. Whichever executor ran the jobs, this is how their results are joined.
 */
public record GridResults(List<ArmResult> results, List<GridJob> missing) {

    public GridResults {
        results = List.copyOf(results);
        missing = List.copyOf(missing);
    }

    public static GridResults collect(Grid grid) {
        List<ArmResult> found = new ArrayList<>();
        List<GridJob> missing = new ArrayList<>();
        for (GridJob job : grid.jobs()) {
            Optional<ArmResult> r = Experiment.finished(grid, job);
            r.ifPresentOrElse(found::add, () -> missing.add(job));
        }
        found.sort(Comparator.comparing(ArmResult::target).thenComparing(ArmResult::arm).thenComparingLong(ArmResult::seed));
        return new GridResults(found, missing);
    }

    public boolean complete() {
        return missing.isEmpty();
    }
}
