package dev.tailor.experiment;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSplits;
import dev.tailor.errors.RunFailedException;
import dev.tailor.files.Json;
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
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one job of a {@link Grid} in this process: a teacher or a from-scratch arm trains from its
 * seed, a KD arm reads its finished teacher from the teacher's folder. A finished job (its
 * summary.json exists) is read back, an unfinished one resumes from its last checkpoint.
 */
public final class Experiment {
    private final Grid grid;
    private final DataSplits data;
    private final Console console;
    private final StopRequest stop;

    /** {@code data} must be the grid's data loaded with the seed of the jobs this runs. */
    public Experiment(Grid grid, DataSplits data, Console console, StopRequest stop) {
        this.grid = grid;
        this.data = data;
        this.console = console;
        this.stop = stop;
    }

    /** Refuses, before any job starts, a plan whose Tailor arm has too few epochs for its schedule. */
    public static void check(ExperimentPlan plan, DataSplits data) {
        if (plan.arms().contains(Arm.TAILOR)) {
            for (AlterationTarget target : plan.targets()) {
                tailorJob(plan, target, standard(plan, data).skipCount()).checkEpochs(plan.alterConfig().epochs());
            }
        }
    }

    /** A job's result if it has finished (its summary.json exists). */
    public static Optional<ArmResult> finished(Grid grid, GridJob job) {
        Path dir = grid.dir(job);
        return new RunDirectory(dir).isFinished() ? Optional.of(result(job, RunSummary.read(dir))) : Optional.empty();
    }

    public ArmResult run(GridJob job) {
        NetSpec teacherSpec = standard(grid.plan(), data).withTopology(job.target().teacherTopology());
        long seed = job.seed();
        try (NDManager m = NDManager.newBaseManager()) {
            return switch (job.arm()) {
                case TEACHER, SHORT_TEACHER -> {
                    try (ResNetModel teacher = ResNetModel.create(teacherSpec, m, seed)) {
                        yield trainFromScratch(job, teacher);
                    }
                }
                case SCRATCH -> {
                    try (ResNetModel scratch = ResNetModel.create(teacherSpec.withAllSkips(job.target().skipMode()), m, seed)) {
                        yield trainFromScratch(job, scratch);
                    }
                }
                case CONTINUED -> {
                    try (ResNetModel teacher = ResNetModel.create(teacherSpec, m, seed)) {
                        yield trainOn(job, teacher);
                    }
                }
                case KD_ALL_AT_ONCE, TAILOR -> {
                    try (ResNetModel teacher = ResNetModel.create(teacherSpec, m, seed)) {
                        loadTeacher(job, teacher);
                        yield distil(job, teacher, m);
                    }
                }
            };
        }
    }

    private static NetSpec standard(ExperimentPlan plan, DataSplits data) {
        return ModelZoo.build(plan.model(), data.train().shape(), data.train().classes(), plan.width());
    }

    private static TailorJob tailorJob(ExperimentPlan plan, AlterationTarget target, int skips) {
        return new TailorJob(target, AlterationSchedule.parse(plan.every(), plan.order(), skips), plan.distillation());
    }

    private TrainConfig config(TrainConfig base, GridJob job) {
        return base.toBuilder().seed(job.seed()).outDir(grid.dir(job)).resume(true).build();
    }

    private ArmResult trainFromScratch(GridJob job, ResNetModel model) {
        return trainWithCrossEntropy(job, model, grid.plan().teacherConfig(), false);
    }

    /**
     * The equal-training control: the finished teacher trained on with cross-entropy under the KD
     * arms' settings (epochs, learning rate, schedule), its skips unchanged.
     */
    private ArmResult trainOn(GridJob job, ResNetModel model) {
        return trainWithCrossEntropy(job, model, grid.plan().alterConfig(), true);
    }

    /** Cross-entropy training of {@code model} from fresh weights or, with {@code fromTeacher}, from its finished teacher's. */
    private ArmResult trainWithCrossEntropy(GridJob job, ResNetModel model, TrainConfig base, boolean fromTeacher) {
        Path dir = grid.dir(job);
        TrainConfig cfg = config(base, job);
        ArmResult done = readFinished(job, model);
        if (done != null) {
            return done;
        }
        if (fromTeacher && !new RunDirectory(dir).hasCheckpoint()) {
            loadTeacher(job, model);
        }
        console.println("== " + job.title() + ": " + (fromTeacher ? "the teacher trained on for " + cfg.epochs() + " epochs, skips unchanged"
                : model.spec().describe() + ", " + cfg.epochs() + " epochs") + " -> " + dir);
        TrainingLoop.Result r = new TrainingLoop(model, data, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE, console).stopWhen(stop)
                .run(Json.MAPPER.createObjectNode().put("job", job.arm().label()));
        return finish(job, model, r);
    }

    /** The teacher's final network, from its folder; its job must have finished. */
    private void loadTeacher(GridJob job, ResNetModel teacher) {
        GridJob t = grid.job(job.teacher());
        RunDirectory run = new RunDirectory(grid.dir(t));
        if (!run.isFinished()) {
            throw new RunFailedException(job.title() + " needs its teacher, which has not finished: run job " + t.key() + " first ("
                    + run.path() + " has no " + RunSummary.FILE + ")");
        }
        loadFinal(run, teacher);
        console.println("teacher: " + run.path() + " (top-1 " + top1(RunSummary.read(run.path()).testTop1()) + ")");
    }

    private ArmResult distil(GridJob job, ResNetModel teacher, NDManager m) {
        Path dir = grid.dir(job);
        ExperimentPlan plan = grid.plan();
        TrainConfig cfg = config(plan.alterConfig(), job);
        try (ResNetModel student = ResNetModel.create(teacher.spec(), m, cfg.seed())) {
            ArmResult done = readFinished(job, student);
            if (done != null) {
                return done;
            }
            TrainingLoop.Result r;
            if (job.arm() == Arm.TAILOR) {
                TailorJob tailor = tailorJob(plan, job.target(), teacher.spec().skipCount());
                console.println("== " + job.title() + ": skips " + tailor.schedule().order() + " every " + plan.every() + " epochs, "
                        + cfg.epochs() + " epochs -> " + dir);
                r = tailor.run(teacher, student, data, cfg, console, stop);
            } else {
                console.println("== " + job.title() + ": all skips altered before training, " + cfg.epochs() + " epochs -> " + dir);
                if (!new RunDirectory(dir).hasCheckpoint()) {
                    student.copyFrom(teacher);
                }
                KnowledgeDistillation kd = new KnowledgeDistillation(teacher, plan.distillation());
                r = new TrainingLoop(student, data, cfg, kd, new AlterAllAtOnce(job.target()), console).stopWhen(stop)
                        .run(Json.MAPPER.createObjectNode().put("job", job.arm().label()));
            }
            return finish(job, student, r);
        }
    }

    private ArmResult finish(GridJob job, ResNetModel model, TrainingLoop.Result r) {
        Arm arm = job.arm();
        RunSummary summary = RunSummary.of(arm.label(), model.spec(), r).inArm(arm.label(), arm.isTeacher() ? null : job.target().label());
        summary.write(grid.dir(job));
        return result(job, summary);
    }

    /** A finished job's result, with its final weights loaded into {@code model}; null if unfinished. */
    private ArmResult readFinished(GridJob job, ResNetModel model) {
        RunDirectory run = new RunDirectory(grid.dir(job));
        if (!run.isFinished()) {
            return null;
        }
        ArmResult a = result(job, RunSummary.read(run.path()));
        loadFinal(run, model);
        console.println(job.title() + ": already finished in " + run.path() + " (top-1 " + top1(a.top1()) + ")");
        return a;
    }

    /** The network a finished run ended with (its last checkpoint), wiring included. */
    private static void loadFinal(RunDirectory run, ResNetModel model) {
        Checkpoint ck = Checkpoint.load(run.last());
        model.setSkips(ck.spec().skips());
        ck.loadInto(model);
    }

    private static String top1(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static ArmResult result(GridJob job, RunSummary s) {
        return new ArmResult(job.arm(), job.target(), job.seed(), s.spec(), s.testTop1(), s.testTop5(), s.epochs(), s.trainSeconds());
    }
}
