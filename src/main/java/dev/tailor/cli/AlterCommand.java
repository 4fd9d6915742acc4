package dev.tailor.cli;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSplits;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.nn.ResNetModel;
import dev.tailor.tailor.AlterationSchedule;
import dev.tailor.tailor.KnowledgeDistillation;
import dev.tailor.tailor.TailorJob;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Progress;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** One Tailor job: SkipRemover or SkipShortener from a trained teacher. */
@Command(name = "alter", mixinStandardHelpOptions = true,
        description = {"Retrain a copy of a trained teacher with knowledge distillation while gradually removing",
                "(--mode remove, SkipRemover) or shortening (--mode shorten, SkipShortener) its skips, one every N epochs.",
                "Example: tailor alter --teacher runs/teacher/best.ckpt --mode remove --every 3 --epochs 20 --dataset fashion-mnist"})
public final class AlterCommand implements Callable<Integer> {
    @Option(names = "--teacher", required = true, paramLabel = "FILE", description = "Checkpoint of the trained teacher (standard ResNet for remove, short teacher for shorten).")
    Path teacher;

    @Option(names = "--mode", required = true, description = "remove or shorten.")
    String mode;

    @Option(names = "--every", defaultValue = "3", description = "Epochs between alterations (N). Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--order", defaultValue = "input-first", description = "input-first, output-first, or skip indices like 2,0,1 (a subset is allowed). Default: ${DEFAULT-VALUE}.")
    String order;

    @Option(names = "--alpha", defaultValue = "0.35", description = "Weight of the distillation term. Default: ${DEFAULT-VALUE}.")
    float alpha;

    @Option(names = "--temperature", defaultValue = "0", description = "0: MSE on logits (the paper); > 0: temperature-scaled KL instead.")
    float temperature;

    @Option(names = "--teacher-batch-stats", description = "Run the teacher's BatchNorm in training mode, as the reference code did.")
    boolean teacherBatchStats;

    @Mixin
    DataOptions data;
    @Mixin
    TrainOptions train;
    @Mixin
    QatOptions qat;

    @Override
    public Integer call() {
        SkipMode target = switch (mode) {
            case "remove" -> SkipMode.NONE;
            case "shorten" -> SkipMode.SHORT;
            default -> throw new IllegalArgumentException("--mode must be remove or shorten, not '" + mode + "'");
        };
        TrainConfig cfg = train.config(Path.of("runs", "alter-" + mode));
        cfg.validate();
        Checkpoint ck = Checkpoint.load(teacher);
        NetSpec spec = ck.spec();
        DataSplits splits = data.load(cfg.seed());
        if (!splits.train().shape().equals(spec.input()) || splits.train().classes() != spec.classes()) {
            throw new IllegalArgumentException(teacher + ": teacher expects " + spec.input() + " images and " + spec.classes()
                    + " classes, the dataset has " + splits.train().shape() + " and " + splits.train().classes());
        }
        AlterationSchedule schedule = AlterationSchedule.parse(every, order, spec.skipCount());
        try (NDManager m = Engines.newManager(); ResNetModel t = ResNetModel.create(spec, m, 0);
             ResNetModel student = ResNetModel.create(spec, m, cfg.seed())) {
            ck.loadInto(t);
            System.out.println((target == SkipMode.NONE ? "SkipRemover" : "SkipShortener") + ": " + spec.describe() + ", skips "
                    + schedule.order() + " altered every " + every + " epochs (last after epoch " + schedule.lastAlterationEpoch()
                    + "), KD alpha " + alpha + " -> " + cfg.outDir());
            NetSpec altered = spec;
            for (int skip : schedule.order()) {
                altered = altered.withSkip(skip, target);
            }
            qat.apply(student, t.weights(), java.util.List.of(spec, altered), splits, cfg, System.out);
            KnowledgeDistillation kd = new KnowledgeDistillation(t, alpha, temperature, teacherBatchStats);
            TrainingLoop.Result r = TailorJob.run(t, student, splits, cfg, schedule, target, kd, System.out, Progress.stdoutIsTerminal());
            TrainCommand.writeSummary(cfg.outDir(), student.spec(), r, target == SkipMode.NONE ? "skip-remover" : "skip-shortener");
        }
        return 0;
    }
}
