package dev.tailor.experiment;

import dev.tailor.method.AlterationTarget;
import dev.tailor.stats.Spread;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One arm of one target over the seeds it ran with: its runs (by seed) and the spread of their test top-1. */
public record ArmSeeds(Arm arm, AlterationTarget target, List<ArmResult> runs) {

    public ArmSeeds {
        runs = runs.stream().sorted(Comparator.comparingLong(ArmResult::seed)).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("an arm over seeds needs at least one run");
        }
    }

    /** The results grouped by arm and target, in the order they first appear. */
    public static List<ArmSeeds> group(List<ArmResult> results) {
        Map<String, List<ArmResult>> by = new LinkedHashMap<>();
        results.forEach(r -> by.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        return by.values().stream().map(l -> new ArmSeeds(l.get(0).arm(), l.get(0).target(), l)).toList();
    }

    public String label() {
        return arm.labelFor(target);
    }

    public Spread top1() {
        return Spread.of(runs.stream().mapToDouble(ArmResult::top1).toArray());
    }

    public Optional<ArmResult> seed(long seed) {
        return runs.stream().filter(r -> r.seed() == seed).findFirst();
    }

    public List<Long> seeds() {
        return runs.stream().map(ArmResult::seed).toList();
    }
}
