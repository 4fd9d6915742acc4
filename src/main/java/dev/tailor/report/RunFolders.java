package dev.tailor.report;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.hardware.plans.PlanCost;
import dev.tailor.method.AlterationTarget;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.train.EpochMetrics;
import dev.tailor.train.RunDirectory;
import dev.tailor.train.RunRecord;
import dev.tailor.train.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads what the report shows from run folders, finished or not: an experiment folder (one folder
 * per arm) or a single run folder. Each missing or damaged file becomes one line in
 * {@link Contents#problems()} and the rest is still read.
 */
public final class RunFolders {
    /** Everything read, and one line per file that could not be. */
    public record Contents(List<ReportRun> runs, Map<Path, RunRecord> records, Map<Path, List<PlanCost>> plans, List<String> problems) {
    }

    private RunFolders() {
    }

    public static Contents read(List<Path> dirs) {
        List<ReportRun> runs = new ArrayList<>();
        Map<Path, RunRecord> records = new LinkedHashMap<>();
        Map<Path, List<PlanCost>> plans = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                problems.add(dir + (Files.exists(dir) ? ": is a file; give a run or experiment folder" : ": no such folder"));
                continue;
            }
            List<Path> runDirs = isRun(dir) ? List.of(dir) : armFolders(dir);
            if (runDirs.isEmpty()) {
                problems.add(dir + ": no metrics.jsonl or summary.json here or in its subfolders");
                continue;
            }
            readRecord(dir, records, problems);
            readPlans(dir, plans, problems);
            for (Path d : runDirs) {
                runs.add(readRun(d, d.equals(dir), problems));
            }
        }
        // One line each: a parser's message can run over several, its first names the file.
        return new Contents(uniqueLabels(runs), records, plans, problems.stream().map(Messages::firstLine).toList());
    }

    private static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.METRICS)) || RunSummary.exists(dir);
    }

    /**
     * The arm folders of an experiment, in arm order (teachers first), then by name; an experiment
     * over seeds (docs/experiments.md) has them in {@code seed-S/}, seed after seed.
     */
    private static List<Path> armFolders(Path dir) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> subs = s.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            found.addAll(runsIn(subs));
            for (Path sub : subs) {
                if (seedOf(sub) != null && !isRun(sub)) {
                    try (Stream<Path> inner = Files.list(sub)) {
                        found.addAll(runsIn(inner.filter(Files::isDirectory).toList()));
                    }
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private static List<Path> runsIn(List<Path> dirs) {
        return dirs.stream().filter(RunFolders::isRun)
                .sorted(Comparator.comparingInt((Path p) -> armOf(p.getFileName().toString()).map(Enum::ordinal).orElse(99))
                        .thenComparing(p -> p.getFileName().toString()))
                .toList();
    }

    /** S of a folder named {@code seed-S}, else null. */
    private static Long seedOf(Path dir) {
        java.util.regex.Matcher m = SEED_FOLDER.matcher(dir.getFileName() == null ? "" : dir.getFileName().toString());
        return m.matches() ? Long.valueOf(m.group(1)) : null;
    }

    private static final java.util.regex.Pattern SEED_FOLDER = java.util.regex.Pattern.compile("seed-(\\d{1,18})");

    private static ReportRun readRun(Path dir, boolean plainRun, List<String> problems) {
        List<EpochMetrics> metrics = List.of();
        Path file = dir.resolve(RunDirectory.METRICS);
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": missing (no training curves for this run)");
        } else {
            metrics = readSkippingDamaged(file, problems);
        }
        ArmResult result = null;
        if (RunSummary.exists(dir)) {
            RunSummary summary = null;
            try {
                summary = RunSummary.read(dir);
                Path parent = dir.toAbsolutePath().normalize().getParent();
                Long seed = parent == null ? null : seedOf(parent);
                result = result(summary, seed == null ? 0 : seed);
            } catch (InvalidInputException e) {
                problems.add(summary == null ? e.getMessage() : dir.resolve(RunSummary.FILE) + ": " + e.getMessage());
            }
        }
        String name = dir.getFileName().toString();
        String label = plainRun || result == null ? name : result.label();
        if (!plainRun && result == null) {
            label = armOf(name).isPresent() ? armLabel(name) : name;
        }
        return new ReportRun(label, dir, metrics, result);
    }

    /**
     * The file's epochs, a damaged line skipped and counted rather than losing the rest: a line that
     * is not one epoch's metrics with its wiring, or whose epoch does not follow the one before.
     */
    static List<EpochMetrics> readSkippingDamaged(Path file, List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(file + ": unreadable (" + e.getMessage() + ")");
            return List.of();
        }
        List<EpochMetrics> out = new java.util.ArrayList<>();
        List<Integer> damaged = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                EpochMetrics m = dev.tailor.files.Json.MAPPER.readValue(lines.get(i), EpochMetrics.class);
                if (m.skips() == null || m.epoch() < 0 || (!out.isEmpty() && m.epoch() <= out.get(out.size() - 1).epoch())) {
                    throw new IOException("not the next epoch with its wiring");
                }
                Stream.of(m.skips().split(",")).forEach(SkipMode::parse);
                out.add(m);
            } catch (IOException | RuntimeException e) {
                damaged.add(i + 1);
            }
        }
        if (!damaged.isEmpty()) {
            problems.add(file + ": " + damaged.size() + (damaged.size() == 1 ? " damaged line" : " damaged lines") + " skipped (line"
                    + (damaged.size() == 1 ? " " : "s ") + damaged.stream().limit(5).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                    + (damaged.size() > 5 ? ", ..." : "") + "); the other " + out.size() + " epochs are shown");
        }
        return out;
    }

    /**
     * The arm of a summary; a plain run is a teacher ({@code train}) or a Tailor job ({@code alter}).
     * {@code seed}: from the run's {@code seed-S} folder, 0 where no folder names it.
     */
    static ArmResult result(RunSummary s, long seed) {
        Arm arm;
        AlterationTarget target;
        if (s.arm() != null) {
            arm = Arm.parse(s.arm());
            target = s.target() != null ? AlterationTarget.parse(s.target())
                    : arm == Arm.SHORT_TEACHER ? AlterationTarget.SHORTEN : AlterationTarget.REMOVE;
        } else if (s.job().equals(AlterationTarget.REMOVE.job()) || s.job().equals(AlterationTarget.SHORTEN.job())) {
            arm = Arm.TAILOR;
            target = s.job().equals(AlterationTarget.REMOVE.job()) ? AlterationTarget.REMOVE : AlterationTarget.SHORTEN;
        } else {
            boolean shortTeacher = s.spec().topology() == Topology.SHORT_TEACHER;
            arm = shortTeacher ? Arm.SHORT_TEACHER : Arm.TEACHER;
            target = shortTeacher ? AlterationTarget.SHORTEN : AlterationTarget.REMOVE;
        }
        return new ArmResult(arm, target, seed, s.spec(), s.testTop1(), s.testTop5(), s.epochs(), s.trainSeconds());
    }

    /** The arm an experiment's folder name says ("teacher", "tailor-remove"), if it is one. */
    private static java.util.Optional<Arm> armOf(String folder) {
        for (Arm a : Arm.values()) {
            if (folder.equals(a.label()) || folder.startsWith(a.label() + "-") && !a.isTeacher()) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }

    /** "tailor-remove" as the page names a finished arm: "tailor (remove)". */
    private static String armLabel(String folder) {
        int dash = folder.lastIndexOf('-');
        Arm arm = armOf(folder).orElseThrow();
        return arm.isTeacher() || dash < 0 ? folder : folder.substring(0, dash) + " (" + folder.substring(dash + 1) + ")";
    }

    private static void readRecord(Path dir, Map<Path, RunRecord> records, List<String> problems) {
        if (!Files.isRegularFile(dir.resolve(RunRecord.FILE))) {
            problems.add(dir.resolve(RunRecord.FILE) + ": missing (the command and machine of this run are unknown)");
            return;
        }
        try {
            records.put(dir, RunRecord.read(dir));
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
        }
    }

    private static void readPlans(Path dir, Map<Path, List<PlanCost>> plans, List<String> problems) {
        Path file = dir.resolve(PlanSpaceFile.FILE);
        if (Files.isRegularFile(file)) {
            try {
                plans.put(file, PlanSpaceFile.read(file));
            } catch (InvalidInputException e) {
                problems.add(e.getMessage());
            }
        }
    }

    /** Two runs with one label (two experiments side by side) are told apart by their folders. */
    private static List<ReportRun> uniqueLabels(List<ReportRun> runs) {
        Map<String, Integer> count = new HashMap<>();
        runs.forEach(r -> count.merge(r.label(), 1, Integer::sum));
        return runs.stream().map(r -> count.get(r.label()) == 1 ? r
                : r.relabelled(r.dir().toAbsolutePath().normalize().getParent().getFileName() + "/" + r.label())).toList();
    }
}
