package dev.tailor.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.DataSplits;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.AtomicFiles;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.EpochListener;
import dev.tailor.train.Objective;
import dev.tailor.train.Progress;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Trains a network from scratch (a teacher, a short teacher, or any fixed wiring). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a ResNet from scratch with cross-entropy and Nesterov SGD.",
                "Writes last.ckpt (every epoch), best.ckpt (best validation top-1), metrics.jsonl and summary.json to --out.",
                "Example: tailor train --model resnet8 --dataset fashion-mnist --epochs 10 --out runs/teacher"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;
    @Mixin
    DataOptions data;
    @Mixin
    TrainOptions train;
    @Mixin
    QatOptions qat;

    @Override
    public Integer call() {
        TrainConfig cfg = train.config(Path.of("runs", "train"));
        cfg.validate();
        DataSplits splits = data.load(cfg.seed());
        NetSpec spec = model.build(splits.train().shape(), splits.train().classes());
        try (NDManager m = Engines.newManager(); ResNetModel net = ResNetModel.create(spec, m, cfg.seed())) {
            System.out.println("training " + spec.describe() + " on " + splits.train().name() + " (" + splits.train().size()
                    + " images " + splits.train().shape() + ") -> " + cfg.outDir());
            qat.apply(net, net.weights(), java.util.List.of(spec), splits, cfg, System.out);
            ObjectNode header = Checkpoint.JSON.createObjectNode().put("job", "train");
            TrainingLoop.Result r = new TrainingLoop(net, splits, cfg, Objective.CROSS_ENTROPY, EpochListener.NONE,
                    System.out, Progress.stdoutIsTerminal()).run(header);
            writeSummary(cfg.outDir(), spec, r, "train");
        }
        return 0;
    }

    static void writeSummary(Path dir, NetSpec spec, TrainingLoop.Result r, String job) {
        ObjectNode s = Checkpoint.newHeader(spec);
        s.put("job", job);
        s.put("testTop1", r.test().top1());
        s.put("testTop5", r.test().top5());
        s.put("testLoss", r.test().loss());
        s.put("bestValTop1", r.bestValTop1());
        s.put("bestEpoch", r.bestEpoch());
        s.put("epochs", r.history().size());
        s.put("trainSeconds", r.trainSeconds());
        s.put("parameters", spec.graph().totalParams());
        s.put("macs", spec.graph().totalMacs());
        try {
            AtomicFiles.writeString(dir.resolve("summary.json"), Checkpoint.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
