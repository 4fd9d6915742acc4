package dev.tailor.report;

import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.net.ModelRecipe;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.train.EpochMetrics;
import dev.tailor.train.MetricsFile;
import dev.tailor.train.RunRecord;
import dev.tailor.train.RunSummary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A tiny experiment folder written without training (random but plausible figures): a finished
 * teacher, a finished from-scratch arm whose metrics.jsonl is damaged, a Tailor KD arm stopped after
 * two epochs, and a finished Tailor arm whose three skips were removed one per epoch; plus run.json
 * and the plan space of its ResNet-8.
 */
public final class SyntheticRuns {
    public static final String DAMAGED = "scratch-remove";
    /** Finished runs: rows of the accuracy table. */
    static final int FINISHED = 3;
    /** Runs with readable metrics: two curve charts each. */
    static final int WITH_CURVES = 3;

    private SyntheticRuns() {
    }

    static NetSpec teacherSpec() {
        return ModelZoo.build("resnet8", Shape.parse("1x28x28"), 10, 8);
    }

    public static void write(Path dir, long seed) throws IOException {
        Random rnd = new Random(seed);
        NetSpec teacher = teacherSpec();
        NetSpec removed = teacher.withAllSkips(SkipMode.NONE);
        run(dir.resolve("teacher"), teacher, "teacher", null, 4, false, rnd, true);
        run(dir.resolve(DAMAGED), removed, "scratch", "remove", 4, false, rnd, true);
        Files.writeString(dir.resolve(DAMAGED).resolve("metrics.jsonl"), "{\"epoch\": 0, \"lr\": \n");
        run(dir.resolve("kd-all-at-once-remove"), removed, "kd-all-at-once", "remove", 2, false, rnd, false);
        run(dir.resolve("tailor-remove"), removed, "tailor", "remove", 5, true, rnd, true);
        StringWriter warn = new StringWriter();
        RunRecord.append(dir, new RunRecord.Invocation("experiment", List.of("experiment", "--dataset", "synthetic", "--out", dir.toString()),
                Map.of("--dataset", "synthetic", "--out", dir.toString(), "--every", "1"), "2026-01-02T03:04:05Z",
                new RunRecord.Machine("Test CPU", 2, 7.5, "Linux", "17", "0.0", "PyTorch 0.0", "1")), new PrintWriter(warn));
        PlanSpaceFile.write(dir, teacher, HardwareConfig.reference());
    }

    /** The arms each seed of {@link #writeSeeds} finishes, in the report's order. */
    static final List<String> SEED_ARMS = List.of("teacher", "kd-all-at-once-remove", "tailor-remove");

    /**
     * An experiment over {@code seeds} as {@code experiment --seeds} leaves it: {@code seed-S/} with a
     * finished teacher, all-at-once and Tailor arm each (no run.json); figures random but plausible.
     */
    public static void writeSeeds(Path dir, List<Long> seeds) throws IOException {
        NetSpec teacher = teacherSpec();
        NetSpec removed = teacher.withAllSkips(SkipMode.NONE);
        for (long s : seeds) {
            Random rnd = new Random(s);
            Path seedDir = dir.resolve("seed-" + s);
            run(seedDir.resolve("teacher"), teacher, "teacher", null, 3, false, rnd, true);
            run(seedDir.resolve("kd-all-at-once-remove"), removed, "kd-all-at-once", "remove", 3, false, rnd, true);
            run(seedDir.resolve("tailor-remove"), removed, "tailor", "remove", 3, true, rnd, true);
        }
    }

    /** One arm folder: metrics for {@code epochs} epochs, and a summary when {@code finished}. */
    private static void run(Path dir, NetSpec spec, String arm, String target, int epochs, boolean alters, Random rnd, boolean finished)
            throws IOException {
        Files.createDirectories(dir);
        List<EpochMetrics> history = new ArrayList<>();
        List<SkipMode> wiring = new ArrayList<>(alters ? List.of(SkipMode.LONG, SkipMode.LONG, SkipMode.LONG) : spec.skips());
        double loss = 2.0 + rnd.nextDouble();
        double acc = 0.2 + 0.1 * rnd.nextDouble();
        for (int e = 0; e < epochs; e++) {
            boolean rewired = alters && e < wiring.size();
            if (rewired) {
                wiring.set(e, SkipMode.NONE);
            }
            loss *= 0.6 + 0.2 * rnd.nextDouble();
            acc += (0.9 - acc) * (0.3 + 0.2 * rnd.nextDouble());
            history.add(new EpochMetrics(e, 0.01, loss, acc, loss * 1.1, acc - 0.02, Math.min(1, acc + 0.08), 3.0, wiring.stream()
                    .map(SkipMode::label).collect(Collectors.joining(",")), rewired));
        }
        MetricsFile.write(dir.resolve("metrics.jsonl"), history);
        if (finished) {
            double top1 = acc - 0.01 * rnd.nextDouble();
            new RunSummary(arm, arm, target, ModelRecipe.of(spec), top1, Math.min(1, top1 + 0.07), loss, acc, epochs - 1, epochs,
                    30 * epochs, spec.graph().totalParams(), spec.graph().totalMacs()).write(dir);
        }
    }
}
