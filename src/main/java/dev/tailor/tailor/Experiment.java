package dev.tailor.tailor;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.DataSplits;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.AtomicFiles;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.EpochListener;
import dev.tailor.train.Objective;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the teachers and the ablation arms for SkipRemover and/or SkipShortener, each arm in its own
 * folder under {@code out}. A finished arm (its summary.json exists) is read back, an unfinished
 * one resumes from its last checkpoint: a stopped experiment continues where it stopped.
 */
public final class Experiment {
    /**
     * @param teacherConfig epochs, lr... for the teachers and the from-scratch arm
     * @param alterConfig   epochs, lr... for the KD arms (all-at-once and Tailor)
     */
    public record Settings(String model, int width, TrainConfig teacherConfig, TrainConfig alterConfig, int every, String order,
                           float alpha, float temperature, boolean teacherBatchStats, Set<SkipMode> targets, Set<Arm> arms,
                           Path out) {
    }

    private final Settings s;
    private final DataSplits data;
    private final PrintStream log;
    private final boolean terminal;

    public Experiment(Settings settings, DataSplits data, PrintStream log, boolean terminal) {
        this.s = settings;
        this.data = data;
        this.log = log;
        this.terminal = terminal;
    }

    public List<ArmResult> run() {
        NetSpec standard = ModelZoo.build(s.model(), data.train().shape(), data.train().classes(), s.width());
        List<ArmResult> results = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (SkipMode target : List.of(SkipMode.NONE, SkipMode.SHORT)) {
                if (!s.targets().contains(target)) {
                    continue;
                }
                Arm teacherArm = target == SkipMode.NONE ? Arm.TEACHER : Arm.SHORT_TEACHER;
                NetSpec teacherSpec = target == SkipMode.NONE ? standard : standard.withTopology(Topology.SHORT_TEACHER);
                String t = target == SkipMode.NONE ? "remove" : "shorten";
                try (ResNetModel teacher = ResNetModel.create(teacherSpec, m, s.teacherConfig().seed())) {
                    results.add(trainFromScratch(teacherArm, "", teacher, s.teacherConfig(), EpochListener.NONE));
                    if (s.arms().contains(Arm.SCRATCH)) {
                        try (ResNetModel scratch = ResNetModel.create(teacherSpec.withAllSkips(target), m, s.teacherConfig().seed())) {
                            results.add(trainFromScratch(Arm.SCRATCH, t, scratch, s.teacherConfig(), EpochListener.NONE));
                        }
                    }
                    if (s.arms().contains(Arm.KD_ALL_AT_ONCE)) {
                        results.add(distil(Arm.KD_ALL_AT_ONCE, t, teacher, target, m));
                    }
                    if (s.arms().contains(Arm.TAILOR)) {
                        results.add(distil(Arm.TAILOR, t, teacher, target, m));
                    }
                }
            }
        }
        return results;
    }

    private ArmResult trainFromScratch(Arm arm, String target, ResNetModel model, TrainConfig base, EpochListener listener) {
        Path dir = armDir(arm, target);
        TrainConfig cfg = base.withOutDir(dir).withResume(true);
        ArmResult done = readFinished(arm, target, dir, model);
        if (done != null) {
            log.println(done.label() + ": already finished in " + dir + " (top-1 " + fmt(done.top1()) + ")");
            return done;
        }
        log.println("== " + label(arm, target) + ": " + model.spec().describe() + ", " + cfg.epochs() + " epochs -> " + dir);
        TrainingLoop.Result r = new TrainingLoop(model, data, cfg, Objective.CROSS_ENTROPY, listener, log, terminal)
                .run(Checkpoint.JSON.createObjectNode().put("job", arm.label()));
        return finish(arm, target, dir, model, r);
    }

    private ArmResult distil(Arm arm, String target, ResNetModel teacher, SkipMode mode, NDManager m) {
        Path dir = armDir(arm, target);
        TrainConfig cfg = s.alterConfig().withOutDir(dir).withResume(true);
        try (ResNetModel student = ResNetModel.create(teacher.spec(), m, cfg.seed())) {
            ArmResult done = readFinished(arm, target, dir, student);
            if (done != null) {
                log.println(done.label() + ": already finished in " + dir + " (top-1 " + fmt(done.top1()) + ")");
                return done;
            }
            KnowledgeDistillation kd = new KnowledgeDistillation(teacher, s.alpha(), s.temperature(), s.teacherBatchStats());
            TrainingLoop.Result r;
            if (arm == Arm.TAILOR) {
                AlterationSchedule schedule = AlterationSchedule.parse(s.every(), s.order(), teacher.spec().skipCount());
                log.println("== " + label(arm, target) + ": skips " + schedule.order() + " every " + s.every() + " epochs, "
                        + cfg.epochs() + " epochs -> " + dir);
                r = TailorJob.run(teacher, student, data, cfg, schedule, mode, kd, log, terminal);
            } else {
                log.println("== " + label(arm, target) + ": all skips altered before training, " + cfg.epochs() + " epochs -> " + dir);
                if (!Files.exists(dir.resolve(TrainingLoop.LAST))) {
                    student.copyFrom(teacher);
                }
                r = new TrainingLoop(student, data, cfg, kd, new AllAtOnce(mode), log, terminal)
                        .run(Checkpoint.JSON.createObjectNode().put("job", arm.label()));
            }
            return finish(arm, target, dir, student, r);
        }
    }

    /** Arm (c): every skip altered before the first step, BN statistics recalibrated. */
    private final class AllAtOnce implements EpochListener {
        private final SkipMode mode;

        AllAtOnce(SkipMode mode) {
            this.mode = mode;
        }

        @Override
        public boolean atStart(ResNetModel model) {
            for (int i = 0; i < model.skipCount(); i++) {
                model.setSkip(i, mode);
            }
            return true;
        }
    }

    private ArmResult finish(Arm arm, String target, Path dir, ResNetModel model, TrainingLoop.Result r) {
        ArmResult a = new ArmResult(arm, target, model.spec(), r.test().top1(), r.test().top5(), r.history().size(), r.trainSeconds());
        ObjectNode sum = Checkpoint.newHeader(model.spec());
        sum.put("arm", arm.label()).put("target", target).put("testTop1", a.top1()).put("testTop5", a.top5())
                .put("epochs", a.epochs()).put("trainSeconds", a.seconds());
        try {
            AtomicFiles.writeString(dir.resolve("summary.json"), Checkpoint.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sum));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return a;
    }

    /** A finished arm's result, with its final weights loaded into {@code model}; null if unfinished. */
    private ArmResult readFinished(Arm arm, String target, Path dir, ResNetModel model) {
        Path summary = dir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            return null;
        }
        try {
            JsonNode j = Checkpoint.JSON.readTree(summary.toFile());
            Checkpoint ck = Checkpoint.load(dir.resolve(TrainingLoop.LAST));
            model.setSkips(ck.spec().skips());
            ck.loadInto(model);
            return new ArmResult(arm, target, ck.spec(), j.path("testTop1").asDouble(), j.path("testTop5").asDouble(),
                    j.path("epochs").asInt(), j.path("trainSeconds").asDouble());
        } catch (IOException e) {
            throw new IllegalArgumentException(summary + ": unreadable: " + e.getMessage());
        }
    }

    private Path armDir(Arm arm, String target) {
        return s.out().resolve(target.isEmpty() ? arm.label() : arm.label() + "-" + target);
    }

    private static String label(Arm arm, String target) {
        return target.isEmpty() ? arm.label() : arm.label() + " (" + target + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    public static Set<Arm> allArms() {
        return EnumSet.allOf(Arm.class);
    }
}
