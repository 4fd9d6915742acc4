package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.net.NetSpec;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Evaluates a checkpoint on a dataset's test split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a checkpoint on a dataset's test split: top-1, top-5 and loss.",
                "Example: tailor evaluate --checkpoint runs/teacher/best.ckpt --dataset fashion-mnist"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A .ckpt written by train, alter or experiment.")
    Path checkpoint;

    @Mixin
    DataOptions data;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (synthetic data only). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        Checkpoint ck = Checkpoint.load(checkpoint);
        NetSpec net = ck.spec();
        DataSplits splits = data.load(seed, spec.commandLine().getErr());
        Engines.requireFits(ck, checkpoint, splits.test());
        Evaluation e = Engines.evaluate(ck, splits.test(), ck.normalization());
        spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s: top1 %.4f top5 %.4f loss %.4f (%d images)%n", net.describe(),
                splits.test().name(), e.top1(), e.top5(), e.loss(), e.samples());
        return 0;
    }
}
