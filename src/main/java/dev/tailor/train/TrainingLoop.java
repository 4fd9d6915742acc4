package dev.tailor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.Batch;
import dev.tailor.data.BatchLoader;
import dev.tailor.data.DataSplits;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.net.ModelRecipe;
import dev.tailor.nn.ResNetModel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training loop shared by {@code train}, {@code alter} and the experiment arms: epochs of
 * shuffled batches, an {@link Objective}, Nesterov SGD, per-epoch validation, metrics, a checkpoint
 * every epoch ({@code last.ckpt}) and the best one ({@code best.ckpt}), and exact resume.
 */
public final class TrainingLoop {
    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String METRICS = "metrics.jsonl";

    private final ResNetModel model;
    private final DataSplits data;
    private final TrainConfig cfg;
    private final Objective objective;
    private final EpochListener listener;
    private final PrintStream log;
    private final boolean terminal;

    public TrainingLoop(ResNetModel model, DataSplits data, TrainConfig cfg, Objective objective, EpochListener listener,
                        PrintStream log, boolean terminal) {
        this.model = model;
        this.data = data;
        this.cfg = cfg;
        this.objective = objective;
        this.listener = listener;
        this.log = log;
        this.terminal = terminal;
    }

    /** What a finished run reports. */
    public record Result(Evaluation test, double bestValTop1, int bestEpoch, double trainSeconds, List<EpochMetrics> history,
                         Normalization normalization) {
    }

    /** Runs (or resumes) training; {@code header} carries job-specific fields into every checkpoint. */
    public Result run(ObjectNode header) {
        cfg.validate();
        Dataset.Split split = data.train().split(cfg.validationFraction(), cfg.seed());
        Dataset train = split.train();
        Dataset val = split.validation();
        Normalization norm = Normalization.of(train);
        NesterovSgd opt = new NesterovSgd(cfg.momentum(), cfg.weightDecay());
        LrSchedule schedule = cfg.lrSchedule(listener.finalWiringFrom());
        Path out = cfg.outDir();
        List<EpochMetrics> history = new ArrayList<>();
        int start = 0;
        double best = -1;
        int bestEpoch = -1;
        double seconds = 0;
        Path lastFile = out.resolve(LAST);
        if (cfg.resume() && Files.isRegularFile(lastFile)) {
            Checkpoint ck = Checkpoint.load(lastFile);
            ModelRecipe have = ModelRecipe.of(ck.spec());
            ModelRecipe want = ModelRecipe.of(model.spec());
            if (!have.model().equals(want.model()) || !have.topology().equals(want.topology()) || have.width() != want.width()
                    || have.classes() != want.classes() || !have.input().equals(want.input())) {
                throw new IllegalArgumentException(lastFile + ": checkpoint is for " + ck.spec().describe() + ", this run trains "
                        + model.spec().describe());
            }
            model.setSkips(ck.spec().skips());
            ck.loadInto(model);
            opt.load(ck.optimizerState(), model);
            start = ck.epochsDone();
            best = ck.header().path("bestValTop1").asDouble(-1);
            bestEpoch = ck.header().path("bestEpoch").asInt(-1);
            seconds = ck.header().path("trainSeconds").asDouble(0);
            history.addAll(MetricsFile.read(out.resolve(METRICS), start));
            listener.onResume(model, start);
            if (!model.spec().skips().equals(ck.spec().skips())) {
                throw new IllegalStateException("re-applying the schedule gave wiring " + model.spec().describe()
                        + " but the checkpoint holds " + ck.spec().describe());
            }
            log.printf(Locale.ROOT, "resumed %s after epoch %d (%s)%n", lastFile, start, model.spec().describe());
        } else {
            if (cfg.resume()) {
                log.println("no checkpoint at " + lastFile + ": starting from epoch 0");
            }
            if (listener.atStart(model) && cfg.recalibrationBatches() > 0) {
                recalibrate(model, train, norm, cfg.batchSize(), cfg.recalibrationBatches(), cfg.seed(), -1);
            }
        }
        int steps = BatchLoader.batchesPerEpoch(train.size(), cfg.batchSize(), true);
        if (cfg.maxStepsPerEpoch() > 0) {
            steps = Math.min(steps, cfg.maxStepsPerEpoch());
        }
        if (steps == 0) {
            throw new IllegalArgumentException("training set of " + train.size() + " images is smaller than one batch of " + cfg.batchSize());
        }
        for (int epoch = start; epoch < cfg.epochs(); epoch++) {
            long t0 = System.nanoTime();
            float lr = schedule.at(epoch);
            double[] stats = trainEpoch(train, norm, opt, lr, epoch, steps);
            boolean rewired = listener.afterEpoch(model, epoch);
            if (rewired && cfg.recalibrationBatches() > 0) {
                recalibrate(model, train, norm, cfg.batchSize(), cfg.recalibrationBatches(), cfg.seed(), epoch);
            }
            double epochSeconds = (System.nanoTime() - t0) / 1e9;
            seconds += epochSeconds;
            Evaluation ev = val == null ? null : Evaluation.of(model, val, norm, cfg.evalBatchSize());
            EpochMetrics m = new EpochMetrics(epoch, lr, stats[0], stats[1], ev == null ? Double.NaN : ev.loss(),
                    ev == null ? Double.NaN : ev.top1(), ev == null ? Double.NaN : ev.top5(), epochSeconds,
                    String.join(",", ModelRecipe.of(model.spec()).skips()), rewired);
            history.add(m);
            log.printf(Locale.ROOT, "epoch %d/%d lr %.4g train loss %.4f acc %.4f%s %.1fs%s%n", epoch + 1, cfg.epochs(), lr,
                    stats[0], stats[1], ev == null ? "" : String.format(Locale.ROOT, " | val loss %.4f top1 %.4f top5 %.4f",
                            ev.loss(), ev.top1(), ev.top5()), epochSeconds, rewired ? " | rewired: " + model.spec().describe() : "");
            double score = ev == null ? stats[1] : ev.top1();
            boolean improved = listener.isFinalWiring(epoch) && score > best;
            if (improved) {
                best = score;
                bestEpoch = epoch;
            }
            ObjectNode h = header(header, norm, epoch + 1, best, bestEpoch, seconds);
            if (improved) {
                Checkpoint.save(out.resolve(BEST), h, model, null);
            }
            Checkpoint.save(lastFile, h, model, opt);
            MetricsFile.write(out.resolve(METRICS), history);
        }
        Evaluation test = Evaluation.of(model, data.test(), norm, cfg.evalBatchSize());
        log.printf(Locale.ROOT, "test top1 %.4f top5 %.4f loss %.4f (%d images, final model %s)%n", test.top1(), test.top5(),
                test.loss(), test.samples(), model.spec().describe());
        return new Result(test, best, bestEpoch, seconds, history, norm);
    }

    private ObjectNode header(ObjectNode base, Normalization norm, int epochsDone, double best, int bestEpoch, double seconds) {
        ObjectNode h = Checkpoint.newHeader(model.spec());
        if (base != null) {
            base.fields().forEachRemaining(e -> h.set(e.getKey(), e.getValue()));
        }
        h.put("epochsDone", epochsDone);
        h.put("epochs", cfg.epochs());
        h.put("seed", cfg.seed());
        h.put("bestValTop1", best);
        h.put("bestEpoch", bestEpoch);
        h.put("trainSeconds", seconds);
        h.set("normalization", Checkpoint.JSON.valueToTree(norm));
        return h;
    }

    /** One epoch; returns {mean loss, accuracy}. */
    private double[] trainEpoch(Dataset train, Normalization norm, NesterovSgd opt, float lr, int epoch, int steps) {
        Progress progress = new Progress(log, terminal, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, cfg.epochs()), steps);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (BatchLoader loader = new BatchLoader(train, norm, cfg.augmentation(), cfg.batchSize(), true, true, cfg.seed(), epoch)) {
            for (int i = 0; i < steps && loader.hasNext(); i++) {
                double[] r = step(model, objective, opt, loader.next(), lr, train.shape());
                lossSum += r[0] * r[2];
                correct += (long) r[1];
                seen += (long) r[2];
                progress.update(i + 1, lossSum / seen, (double) correct / seen);
            }
        }
        return new double[]{lossSum / seen, (double) correct / seen};
    }

    /**
     * One optimisation step; returns {loss, correct, batch size}. Public so benchmarks time exactly
     * the step that training runs.
     */
    public static double[] step(ResNetModel model, Objective objective, NesterovSgd opt, Batch b, float lr,
                                dev.tailor.net.Shape shape) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(b.images(), new Shape(b.size(), shape.channels(), shape.height(), shape.width()));
            NDArray y = m.create(Evaluation.toLong(b.labels()));
            Objective.BatchLoss loss = objective.forBatch(x);
            float lossValue;
            long correct;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(x, true);
                NDArray l = loss.apply(logits, y);
                gc.backward(l);
                lossValue = l.getFloat();
                correct = logits.argMax(1).eq(y).sum().toType(DataType.INT64, false).getLong();
            }
            opt.step(model, lr);
            return new double[]{lossValue, correct, b.size()};
        }
    }

    /**
     * Re-estimates BN running statistics for the current wiring: forward passes in training mode
     * without gradients. Enough batches wash the old statistics out: with PyTorch's update weight of
     * 0.1, 50 batches leave 0.9^50 = 0.5 % of them.
     */
    public static void recalibrate(ResNetModel model, Dataset train, Normalization norm, int batchSize, int batches,
                                   long seed, int epoch) {
        try (BatchLoader loader = new BatchLoader(train, norm, dev.tailor.data.Augmentation.NONE, batchSize, true, true,
                seed ^ 0x5eed, epoch)) {
            for (int i = 0; i < batches && loader.hasNext(); i++) {
                Batch b = loader.next();
                try (NDManager m = model.manager().newSubManager()) {
                    dev.tailor.net.Shape s = train.shape();
                    model.forward(m.create(b.images(), new Shape(b.size(), s.channels(), s.height(), s.width())), true);
                }
            }
        }
    }
}
