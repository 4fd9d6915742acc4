package dev.tailor.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.DataSource;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;
import dev.tailor.files.SettingsDiff;
import dev.tailor.method.AlterationTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An experiment as independent jobs (arms × targets × seeds) and the data they read, written to
 * {@code out/grid.json} so that a worker process or a cluster task can run any one job by its key
 * (docs/experiments.md). Teachers come first, then from-scratch arms, then the KD arms that wait
 * for their teacher.
 */
public record Grid(ExperimentPlan plan, DataSource data, List<GridJob> jobs) {
    public static final String FILE = "grid.json";

    public Grid {
        jobs = List.copyOf(jobs);
    }

    public static Grid of(ExperimentPlan plan, DataSource data) {
        List<GridJob> teachers = new ArrayList<>();
        List<GridJob> scratch = new ArrayList<>();
        List<GridJob> students = new ArrayList<>();
        for (long seed : plan.seeds()) {
            for (AlterationTarget target : AlterationTarget.values()) {
                if (!plan.targets().contains(target)) {
                    continue;
                }
                GridJob teacher = job(plan, seed, Arm.teacherOf(target), target, null);
                teachers.add(teacher);
                if (plan.arms().contains(Arm.SCRATCH)) {
                    scratch.add(job(plan, seed, Arm.SCRATCH, target, null));
                }
                for (Arm kd : List.of(Arm.KD_ALL_AT_ONCE, Arm.TAILOR, Arm.CONTINUED)) {
                    if (plan.arms().contains(kd)) {
                        students.add(job(plan, seed, kd, target, teacher.key()));
                    }
                }
            }
        }
        List<GridJob> all = new ArrayList<>(teachers);
        all.addAll(scratch);
        all.addAll(students);
        return new Grid(plan, data, all);
    }

    private static GridJob job(ExperimentPlan plan, long seed, Arm arm, AlterationTarget target, String teacher) {
        String name = arm.isTeacher() ? arm.label() : arm.label() + "-" + target.label();
        return plan.perSeedFolders()
                ? new GridJob("seed-" + seed + "/" + name, arm.labelFor(target) + ", seed " + seed, seed, arm, target, teacher)
                : new GridJob(name, arm.labelFor(target), seed, arm, target, teacher);
    }

    /** The job's folder. */
    public Path dir(GridJob job) {
        return plan.out().resolve(job.key());
    }

    public GridJob job(String key) {
        return jobs.stream().filter(j -> j.key().equals(key)).findFirst().orElseThrow(() -> new InvalidInputException(
                "no job '" + key + "' in " + plan.out().resolve(FILE) + " (its jobs: " + jobs.stream().map(GridJob::key).collect(java.util.stream.Collectors.joining(", ")) + ")"));
    }

    /** The job that left this result. */
    public GridJob job(ArmResult r) {
        return jobs.stream().filter(j -> j.arm() == r.arm() && j.target() == r.target() && j.seed() == r.seed()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job of " + r.label() + ", seed " + r.seed() + " in this grid"));
    }

    /** Plan fields a re-run may change: where things go, and (with a folder per seed) which seeds, arms and targets run. */
    private static final Set<String> MAY_CHANGE = Set.of("out", "outDir", "resume", "arms", "targets");
    private static final Set<String> SEED_FIELDS = Set.of("seed", "seeds");

    /**
     * Refuses an output folder whose {@code grid.json} was made with other training settings: its
     * finished jobs would be read back and reported as this plan's. Arms, targets and (with a folder
     * per seed) seeds may be added; anything that changes how a job trains may not.
     */
    public void requireSameSettingsAsExisting() {
        Path file = plan.out().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode old;
        try {
            old = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": unreadable grid: " + Messages.firstLine(e.getMessage()));
        }
        boolean seedFolders = old.path("plan").path("perSeedFolders").asBoolean(false) && plan.perSeedFolders();
        List<String> changed = new ArrayList<>();
        SettingsDiff.between(old.path("plan"), plan, SettingsDiff.Fields.BOTH,
                name -> MAY_CHANGE.contains(name) || seedFolders && SEED_FIELDS.contains(name))
                .forEach(c -> changed.add(c.describe(c.path())));
        JsonNode oldKind = old.path("data").path("kind");
        JsonNode kind = Json.MAPPER.valueToTree(data).path("kind");
        if (!oldKind.equals(kind)) {
            changed.add("data.kind " + oldKind.asText() + ", now " + kind.asText());
        }
        if (!changed.isEmpty()) {
            throw new InvalidInputException(file + ": this folder's jobs were run with other settings ("
                    + String.join("; ", changed.subList(0, Math.min(3, changed.size()))) + (changed.size() > 3 ? "; ..." : "")
                    + "): give another --out, or the same settings to resume");
        }
    }

    /** Writes {@code out/grid.json}: the plan, the data source and, for reading, the jobs. */
    public void write() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", "tailor-grid-1");
        root.set("plan", Json.MAPPER.valueToTree(plan));
        root.set("data", Json.MAPPER.valueToTree(data));
        ArrayNode a = root.putArray("jobs");
        jobs.forEach(j -> a.add(Json.MAPPER.valueToTree(j)));
        try {
            AtomicFiles.writeString(plan.out().resolve(FILE), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the grid", e);
        }
    }

    /**
     * Reads {@code dir/grid.json}. The plan's output folder becomes {@code dir}, wherever the grid
     * was written from; the jobs are derived from the plan again.
     */
    public static Grid read(Path given) {
        // The grid file itself stands for its folder.
        Path dir = given.getFileName() != null && given.getFileName().toString().equals(FILE) && Files.isRegularFile(given)
                ? given.toAbsolutePath().getParent() : given;
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + ": no " + FILE + " (not an experiment's output folder)");
        }
        ExperimentPlan plan;
        DataSource data;
        try {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            if (!"tailor-grid-1".equals(root.path("format").asText())) {
                throw new InvalidInputException(file + ": not a Tailor grid (format '" + root.path("format").asText() + "')");
            }
            JsonNode planNode = required(file, root, "", "plan");
            for (String field : PLAN_FIELDS) {
                required(file, planNode, "plan.", field);
            }
            JsonNode dataNode = required(file, root, "", "data");
            required(file, dataNode, "data.", "kind");
            plan = Json.MAPPER.treeToValue(planNode, ExperimentPlan.class);
            data = Json.MAPPER.treeToValue(dataNode, DataSource.class);
        } catch (IOException | IllegalArgumentException e) {
            // treeToValue reports a mapping failure other than a JsonProcessingException as an IllegalArgumentException.
            throw new InvalidInputException(file + ": unreadable grid: " + Messages.firstLine(e.getMessage()));
        }
        return of(plan.withOut(dir.toAbsolutePath().normalize()), data);
    }

    /** The plan's fields that {@link #write} always writes and that reading it back cannot do without. */
    private static final List<String> PLAN_FIELDS =
            List.of("model", "teacherConfig", "alterConfig", "order", "distillation", "targets", "arms", "seeds");

    private static JsonNode required(Path file, JsonNode parent, String prefix, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidInputException(file + ": grid has no '" + prefix + field + "'");
        }
        return v;
    }
}
