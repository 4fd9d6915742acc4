package dev.tailor.experiment;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSplits;
import dev.tailor.method.AlterAllAtOnce;
import dev.tailor.method.AlterationSchedule;
import dev.tailor.method.AlterationTarget;
import dev.tailor.method.KnowledgeDistillation;
import dev.tailor.method.TailorJob;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Console;
import dev.tailor.train.EpochListener;
import dev.tailor.train.Objective;
import dev.tailor.train.RunDirectory;
import dev.tailor.train.RunSummary;
import dev.tailor.train.StopRequest;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the teachers and the ablation arms of an {@link ExperimentPlan}, each arm in its own folder
 * under the plan's output folder. A finished arm (its summary.json exists) is read back, an
 * unfinished one resumes from its last checkpoint: a stopped experiment continues where it stopped.
 */
public final class Experiment {
    private final ExperimentPlan plan;
    private final DataSplits data;
    private final Console console;
    private final StopRequest stop;

    public Experiment(ExperimentPlan plan, DataSplits data, Console console, StopRequest stop) {
        this.plan = plan;
        this.data = data;
        this.console = console;
        this.stop = stop;
    }

    public List<ArmResult> run() {
        NetSpec standard = ModelZoo.build(plan.model(), data.train().shape(), data.train().classes(), plan.width());
        List<ArmResult> results = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (AlterationTarget target : AlterationTarget.values()) {
                if (!plan.targets().contains(target)) {
                    continue;
                }
                NetSpec teacherSpec = standard.withTopology(target.teacherTopology());
                try (ResNetModel teacher = ResNetModel.create(teacherSpec, m, plan.teacherConfig().seed())) {
                    results.add(trainFromScratch(Arm.teacherOf(target), target, teacher));
                    if (plan.arms().contains(Arm.SCRATCH)) {
                        try (ResNetModel scratch = ResNetModel.create(teacherSpec.withAllSkips(target.skipMode()), m,
                                plan.teacherConfig().seed())) {
                            results.add(trainFromScratch(Arm.SCRATCH, target, scratch));
                        }
                    }
                    if (plan.arms().contains(Arm.KD_ALL_AT_ONCE)) {
                        results.add(distil(Arm.KD_ALL_AT_ONCE, target, teacher, m));
                    }
                    if (plan.arms().contains(Arm.TAILOR)) {
                        results.add(distil(Arm.TAILOR, target, teacher, m));
                    }
                }
            }
        }
        return results;
    }

    private ArmResult trainFromScratch(Arm arm, AlterationTarget target, ResNetModel model) {
        Path dir = armDir(arm, target);
        TrainConfig cfg = plan.teacherConfig().withOutDir(dir).withResume(true);
        ArmResult done = readFinished(arm, target, dir, model);
        if (done != null) {
            return done;
        }
        console.println("== " + arm.labelFor(target) + ": " + model.spec().describe() + ", " + cfg.epochs() + " epochs -> " + dir);
        TrainingLoop.Result r = new TrainingLoop(model, data, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE, console).stopWhen(stop)
                .run(Checkpoint.JSON.createObjectNode().put("job", arm.label()));
        return finish(arm, target, dir, model, r);
    }

    private ArmResult distil(Arm arm, AlterationTarget target, ResNetModel teacher, NDManager m) {
        Path dir = armDir(arm, target);
        TrainConfig cfg = plan.alterConfig().withOutDir(dir).withResume(true);
        try (ResNetModel student = ResNetModel.create(teacher.spec(), m, cfg.seed())) {
            ArmResult done = readFinished(arm, target, dir, student);
            if (done != null) {
                return done;
            }
            TrainingLoop.Result r;
            if (arm == Arm.TAILOR) {
                AlterationSchedule schedule = AlterationSchedule.parse(plan.every(), plan.order(), teacher.spec().skipCount());
                console.println("== " + arm.labelFor(target) + ": skips " + schedule.order() + " every " + plan.every() + " epochs, "
                        + cfg.epochs() + " epochs -> " + dir);
                r = new TailorJob(target, schedule, plan.distillation()).run(teacher, student, data, cfg, console, stop);
            } else {
                console.println("== " + arm.labelFor(target) + ": all skips altered before training, " + cfg.epochs() + " epochs -> " + dir);
                if (!new RunDirectory(dir).hasCheckpoint()) {
                    student.copyFrom(teacher);
                }
                KnowledgeDistillation kd = new KnowledgeDistillation(teacher, plan.distillation());
                r = new TrainingLoop(student, data, cfg, kd, new AlterAllAtOnce(target), console).stopWhen(stop)
                        .run(Checkpoint.JSON.createObjectNode().put("job", arm.label()));
            }
            return finish(arm, target, dir, student, r);
        }
    }

    private ArmResult finish(Arm arm, AlterationTarget target, Path dir, ResNetModel model, TrainingLoop.Result r) {
        RunSummary summary = RunSummary.of(arm.label(), model.spec(), r).inArm(arm.label(), arm.isTeacher() ? null : target.label());
        summary.write(dir);
        return result(arm, target, summary);
    }

    /** A finished arm's result, with its final weights loaded into {@code model}; null if unfinished. */
    private ArmResult readFinished(Arm arm, AlterationTarget target, Path dir, ResNetModel model) {
        RunDirectory run = new RunDirectory(dir);
        if (!run.isFinished()) {
            return null;
        }
        RunSummary summary = RunSummary.read(dir);
        Checkpoint ck = Checkpoint.load(run.last());
        model.setSkips(ck.spec().skips());
        ck.loadInto(model);
        ArmResult a = result(arm, target, summary);
        console.println(a.label() + ": already finished in " + dir + " (top-1 " + String.format(Locale.ROOT, "%.4f", a.top1()) + ")");
        return a;
    }

    private static ArmResult result(Arm arm, AlterationTarget target, RunSummary s) {
        return new ArmResult(arm, target, s.spec(), s.testTop1(), s.testTop5(), s.epochs(), s.trainSeconds());
    }

    private Path armDir(Arm arm, AlterationTarget target) {
        return armDir(plan.out(), arm, target);
    }

    /** Where an arm's run lives in an experiment's folder: {@code teacher}, {@code tailor-remove}, ... */
    public static Path armDir(Path experiment, Arm arm, AlterationTarget target) {
        return experiment.resolve(arm.isTeacher() ? arm.label() : arm.label() + "-" + target.label());
    }
}
