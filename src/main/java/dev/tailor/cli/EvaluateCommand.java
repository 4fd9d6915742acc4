package dev.tailor.cli;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.DataSplits;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.ResNetModel;
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
        if (!splits.test().shape().equals(net.input()) || splits.test().classes() != net.classes()) {
            throw new InvalidInputException(checkpoint + ": model expects " + net.input() + " images and " + net.classes()
                    + " classes, dataset has " + splits.test().shape() + " and " + splits.test().classes());
        }
        try (NDManager m = Engines.newManager(); ResNetModel model = ResNetModel.create(net, m, 0, Engines.runtimeSettings())) {
            ck.loadInto(model);
            Evaluation e = Evaluation.of(model, splits.test(), ck.normalization(), 256);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s: top1 %.4f top5 %.4f loss %.4f (%d images)%n", net.describe(),
                    splits.test().name(), e.top1(), e.top5(), e.loss(), e.samples());
        }
        return 0;
    }
}
