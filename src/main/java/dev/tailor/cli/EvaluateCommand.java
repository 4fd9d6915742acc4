package dev.tailor.cli;

import dev.tailor.data.DataPart;
import dev.tailor.net.NetSpec;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** Evaluates a checkpoint on a dataset's test split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a checkpoint on a dataset's test split: top-1, top-5 and loss.",
                "Example: tailor evaluate --checkpoint runs/teacher/best.ckpt --dataset fashion-mnist"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOnData input;

    @Override
    public Integer call() {
        CheckpointOnData.Loaded in = input.load(DataPart.TEST, spec.commandLine().getErr());
        Checkpoint ck = in.checkpoint();
        NetSpec net = ck.spec();
        Evaluation e = Engines.evaluate(ck, in.data(), ck.normalization());
        spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s: top1 %.4f top5 %.4f loss %.4f (%d images)%n", net.describe(),
                in.data().name(), e.top1(), e.top5(), e.loss(), e.samples());
        return 0;
    }
}
