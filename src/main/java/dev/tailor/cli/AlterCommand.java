package dev.tailor.cli;

import dev.tailor.files.RunLock;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSource;
import dev.tailor.data.DataSplits;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.method.AlterationSchedule;
import dev.tailor.method.AlterationTarget;
import dev.tailor.method.DistillationSettings;
import dev.tailor.method.TailorJob;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.ResNetModel;
import dev.tailor.nn.RuntimeSettings;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Console;
import dev.tailor.train.RunDirectory;
import dev.tailor.train.RunSummary;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** One Tailor job: SkipRemover or SkipShortener from a trained teacher. */
@Command(name = "alter", mixinStandardHelpOptions = true,
        description = {"Retrain a copy of a trained teacher with knowledge distillation while altering its skips.",
                "--mode remove (SkipRemover) removes them, --mode shorten (SkipShortener) shortens them, one every N epochs.",
                "Example: tailor alter --teacher runs/teacher/best.ckpt --mode remove --every 3 --epochs 20 --dataset fashion-mnist"})
public final class AlterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--teacher", required = true, paramLabel = "FILE",
            description = "Checkpoint of the trained teacher (standard topology for remove, short-teacher for shorten).")
    Path teacher;

    @Option(names = "--mode", required = true, completionCandidates = Labels.Targets.class, description = "${COMPLETION-CANDIDATES}.")
    AlterationTarget mode;

    @Option(names = "--every", defaultValue = "2", description = "Epochs between alterations (N), as experiment's --every. Default: ${DEFAULT-VALUE} (the paper used 3).")
    int every;

    @Option(names = "--order", defaultValue = "input-first",
            description = "input-first, output-first, or skip indices like 2,0,1 (a subset is allowed). Default: ${DEFAULT-VALUE}.")
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
        TrainConfig cfg = train.config(Path.of("runs", "alter-" + mode.label()));
        DistillationSettings kd = new DistillationSettings(alpha, temperature, teacherBatchStats);
        Checkpoint ck = Checkpoint.load(teacher);
        NetSpec net = ck.spec();
        if (net.topology() != mode.teacherTopology()) {
            throw new InvalidInputException("--teacher " + teacher + " is a " + net.topology().label() + " network; " + mode.methodName()
                    + " needs a " + mode.teacherTopology().label() + " teacher (train one with --topology "
                    + mode.teacherTopology().label() + ")");
        }
        if (net.skips().stream().allMatch(m -> m == mode.skipMode())) {
            throw new InvalidInputException("--teacher " + teacher + ": every skip of " + net.describe() + " is already "
                    + mode.skipMode().name().toLowerCase(java.util.Locale.ROOT) + ", so " + mode.methodName() + " has nothing to alter");
        }
        AlterationSchedule schedule = AlterationSchedule.parse(every, order, net.skipCount());
        TailorJob job = new TailorJob(mode, schedule, kd);
        if (cfg.epochs() < job.minimumEpochs()) {
            throw new InvalidInputException("--epochs " + cfg.epochs() + " is too few: altering " + schedule.order().size() + " skips every "
                    + every + " epochs, the last after epoch " + (schedule.lastAlterationEpoch() + 1) + ", needs at least "
                    + job.minimumEpochs() + " (one to fine-tune after the last alteration)");
        }
        DataSource source = data.source(); // the data options checked before the run's folder is made
        RunDirectory run = new RunDirectory(cfg.outDir());
        run.requireNoRunUnlessResuming(cfg.resume());
        run.checkWritable();
        Console console = new Console(spec.commandLine().getOut(), Console.stdoutIsTerminal());
        DataSplits splits = source.load(cfg.seed(), spec.commandLine().getErr());
        if (!splits.train().shape().equals(net.input()) || splits.train().classes() != net.classes()) {
            throw new InvalidInputException("--teacher " + teacher + " expects " + net.input() + " images and " + net.classes()
                    + " classes, the dataset has " + splits.train().shape() + " and " + splits.train().classes());
        }
        RuntimeSettings runtime = Engines.runtimeSettings();
        try (NDManager m = Engines.newManager(); ResNetModel t = ResNetModel.create(net, m, 0, runtime);
             ResNetModel student = ResNetModel.create(net, m, cfg.seed(), runtime)) {
            ck.loadInto(t);
            // Epochs counted from 1, as the per-epoch lines below count them.
            console.println(mode.methodName() + ": " + net.describe() + ", skips " + schedule.order() + " altered after epochs "
                    + schedule.afterEpochs().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + " of "
                    + cfg.epochs() + ", KD alpha " + alpha + " -> " + cfg.outDir());
            NetSpec altered = net;
            for (int skip : schedule.order()) {
                altered = altered.withSkip(skip, mode.skipMode());
            }
            qat.apply(student, t.weights(), java.util.List.of(net, altered), splits, cfg, console);
            try (RunLock lock = RunLock.acquire(cfg.outDir(), "tailor alter" + (cfg.resume() ? " --resume" : ""))) {
                run.requireNoRunUnlessResuming(cfg.resume()); // again, now that no other process can write it
                RunRecords.append(spec, cfg.outDir());
                TrainingLoop.Result r;
                try (Interrupts interrupts = Interrupts.onStopSignal(spec.commandLine().getErr())) {
                    r = job.run(t, student, splits, cfg, console, interrupts.request());
                }
                RunSummary.of(mode.job(), student.spec(), r).write(cfg.outDir());
            }
        }
        return 0;
    }
}
