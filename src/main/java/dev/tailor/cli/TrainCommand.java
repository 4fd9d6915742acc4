package dev.tailor.cli;

import dev.tailor.files.RunLock;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.DataSource;
import dev.tailor.data.DataSplits;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.Json;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Console;
import dev.tailor.train.EpochListener;
import dev.tailor.train.Objective;
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

/** Trains a network from scratch (a teacher, a short teacher, or any fixed wiring). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a ResNet from scratch with cross-entropy and Nesterov SGD.",
                "Writes last.ckpt (every epoch), best.ckpt (best validation top-1), metrics.jsonl and summary.json to --out.",
                "Example: tailor train --model resnet8 --dataset fashion-mnist --epochs 10 --out runs/teacher"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOptions model;
    @Mixin
    DataOptions data;
    @Mixin
    TrainOptions train;
    @Mixin
    QatOptions qat;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Start from this checkpoint's network and weights instead of random ones (fine-tuning, e.g. with --qat); "
                    + "the network options (--model, --width, --topology, --skips) must then be left out.")
    Path init;

    @Override
    public Integer call() {
        TrainConfig cfg = train.config(Path.of("runs", "train"));
        DataSource source = data.source(); // the data options checked before the run's folder is made
        RunDirectory run = new RunDirectory(cfg.outDir());
        run.requireNoRunUnlessResuming(cfg.resume());
        run.checkWritable();
        Console console = new Console(spec.commandLine().getOut(), Console.stdoutIsTerminal());
        DataSplits splits = source.load(cfg.seed(), spec.commandLine().getErr());
        Checkpoint start = init == null ? null : Checkpoint.load(init);
        if (start != null) {
            for (String option : new String[]{"--model", "--width", "--topology", "--skips"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new InvalidInputException(option + " cannot be combined with --init " + init + ", whose network is "
                            + start.spec().describe());
                }
            }
            Engines.requireFits(start, init, splits.train());
        }
        NetSpec net = start != null ? start.spec() : model.build(splits.train().shape(), splits.train().classes());
        try (NDManager m = Engines.newManager(); ResNetModel model = ResNetModel.create(net, m, cfg.seed(), Engines.runtimeSettings())) {
            if (start != null) {
                start.loadInto(model);
            }
            console.println("training " + net.describe() + " on " + splits.train().name() + " (" + splits.train().size()
                    + " images " + splits.train().shape() + ") -> " + cfg.outDir());
            qat.apply(model, model.weights(), java.util.List.of(net), splits, cfg, console);
            try (RunLock lock = RunLock.acquire(cfg.outDir(), "tailor train" + (cfg.resume() ? " --resume" : ""))) {
                run.requireNoRunUnlessResuming(cfg.resume()); // again, now that no other process can write it
                RunRecords.append(spec, cfg.outDir());
                ObjectNode header = Json.MAPPER.createObjectNode().put("job", "train");
                TrainingLoop.Result r;
                try (Interrupts interrupts = Interrupts.onStopSignal(spec.commandLine().getErr())) {
                    r = new TrainingLoop(model, splits, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE, console)
                            .stopWhen(interrupts.request()).run(header);
                }
                RunSummary.of("train", net, r).write(cfg.outDir());
            }
        }
        return 0;
    }
}
