package dev.tailor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.Augmentation;
import dev.tailor.data.Batch;
import dev.tailor.data.BatchLoader;
import dev.tailor.data.DataSplits;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.RunFailedException;
import dev.tailor.errors.RunInterruptedException;
import dev.tailor.files.Json;
import dev.tailor.files.SettingsDiff;
import dev.tailor.net.ModelRecipe;
import dev.tailor.nn.ResNetModel;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training loop shared by {@code train}, {@code alter} and the experiment arms: epochs of
 * shuffled batches, an {@link Objective}, Nesterov SGD, per-epoch validation, metrics, a checkpoint
 * every epoch and the best one ({@link RunDirectory}), exact resume — also from the middle of an
 * epoch after a requested stop.
 */
public final class TrainingLoop {
    private final ResNetModel model;
    private final DataSplits data;
    private final TrainConfig cfg;
    private final Objective objective;
    private final EpochListener listener;
    private final Console console;
    private final RunDirectory dir;
    private StopRequest stop = new StopRequest();

    public TrainingLoop(ResNetModel model, DataSplits data, TrainConfig cfg, Objective objective, EpochListener listener,
                        Console console) {
        this.model = model;
        this.data = data;
        this.cfg = cfg;
        this.objective = objective;
        this.listener = listener;
        this.console = console;
        this.dir = new RunDirectory(cfg.outDir());
    }

    /** Stops at the next step boundary once {@code request} is set, after saving a checkpoint. */
    public TrainingLoop stopWhen(StopRequest request) {
        this.stop = request;
        return this;
    }

    /** What a finished run reports. */
    public record Result(Evaluation test, double bestValTop1, int bestEpoch, double trainSeconds, List<EpochMetrics> history,
                         Normalization normalization) {
    }

    /** What one optimisation step saw. */
    public record StepResult(double loss, long correct, int size) {
    }

    /** Running sums over the steps of one epoch. */
    private static final class EpochTotals {
        double lossSum;
        long correct;
        long seen;
        double seconds;

        void add(StepResult r) {
            lossSum += r.loss() * r.size();
            correct += r.correct();
            seen += r.size();
        }
    }

    /** Where the run stands: what a checkpoint must hold to continue it exactly. */
    private static final class RunState {
        int epoch;
        int stepsDone;
        double best = -1;
        int bestEpoch = -1;
        double seconds;
        final List<EpochMetrics> history = new ArrayList<>();
        EpochTotals partial = new EpochTotals();
    }

    /** Runs (or resumes) training; {@code header} carries job-specific fields into every checkpoint. */
    public Result run(ObjectNode header) {
        cfg.validate();
        dir.checkWritable();
        Dataset.Split split = data.train().split(cfg.validationFraction(), cfg.seed());
        Dataset train = split.train();
        Normalization norm = Normalization.of(train);
        NesterovSgd opt = new NesterovSgd(cfg.momentum(), cfg.weightDecay());
        LrSchedule schedule = cfg.lrSchedule(listener.finalWiringFrom());
        int steps = stepsPerEpoch(train);
        RunState state = start(train, norm, opt, header);
        for (int epoch = state.epoch; epoch < cfg.epochs(); epoch++) {
            state.epoch = epoch;
            runEpoch(state, header, split, norm, opt, schedule.at(epoch), steps);
            if (stop.isRequested() && epoch + 1 < cfg.epochs()) {
                throw new RunInterruptedException("stopped after epoch " + (epoch + 1) + "; saved " + dir.last()
                        + " (resume to continue from there)");
            }
        }
        Evaluation test = Evaluation.of(model, data.test(), norm, cfg.evalBatchSize());
        console.printf("test top1 %.4f top5 %.4f loss %.4f (%d images, final model %s)%n", test.top1(), test.top5(),
                test.loss(), test.samples(), model.spec().describe());
        return new Result(test, state.best, state.bestEpoch, state.seconds, state.history, norm);
    }

    private int stepsPerEpoch(Dataset train) {
        int steps = BatchLoader.batchesPerEpoch(train.size(), cfg.batchSize(), BatchLoader.Pass.TRAINING);
        if (cfg.maxStepsPerEpoch() > 0) {
            steps = Math.min(steps, cfg.maxStepsPerEpoch());
        }
        if (steps == 0) {
            throw new InvalidInputException("the training set of " + train.size() + " images is smaller than one batch of "
                    + cfg.batchSize());
        }
        return steps;
    }

    /** A fresh run's state, or a resumed one's (weights, wiring, optimizer, metrics so far). */
    private RunState start(Dataset train, Normalization norm, NesterovSgd opt, ObjectNode header) {
        RunState state = new RunState();
        Checkpoint ck = cfg.resume() ? dir.resumePoint(console).orElse(null) : null;
        if (ck == null) {
            if (cfg.resume()) {
                console.println("no checkpoint in " + dir.path() + ": starting from epoch 0");
            }
            if (listener.atStart(model) && cfg.recalibrationBatches() > 0) {
                recalibrate(model, train, norm, cfg.batchSize(), cfg.recalibrationBatches(), cfg.seed(), -1);
            }
            return state;
        }
        requireSameNetwork(ck);
        requireSameSettings(ck, header);
        model.setSkips(ck.spec().skips());
        ck.loadInto(model);
        opt.load(ck.optimizerState(), model);
        ObjectNode h = ck.header();
        state.epoch = ck.epochsDone();
        state.best = h.path("bestValTop1").asDouble(-1);
        state.bestEpoch = h.path("bestEpoch").asInt(-1);
        state.seconds = h.path("trainSeconds").asDouble(0);
        state.stepsDone = h.path("stepsDone").asInt(0);
        state.partial.lossSum = h.path("epochLossSum").asDouble(0);
        state.partial.correct = h.path("epochCorrect").asLong(0);
        state.partial.seen = h.path("epochSeen").asLong(0);
        state.partial.seconds = h.path("epochSeconds").asDouble(0);
        state.history.addAll(MetricsFile.read(dir.metrics(), state.epoch));
        // A stop in the middle of an epoch left the wiring of that epoch's start: re-apply through the last full epoch.
        listener.onResume(model, state.epoch);
        if (!model.spec().skips().equals(ck.spec().skips())) {
            throw new IllegalStateException("re-applying the schedule gave wiring " + model.spec().describe()
                    + " but the checkpoint holds " + ck.spec().describe());
        }
        console.printf("resumed %s after epoch %d%s (%s)%n", dir.path(), state.epoch,
                state.stepsDone > 0 ? " and " + state.stepsDone + " steps of the next" : "", model.spec().describe());
        return state;
    }

    private void requireSameNetwork(Checkpoint ck) {
        ModelRecipe have = ModelRecipe.of(ck.spec());
        ModelRecipe want = ModelRecipe.of(model.spec());
        if (!have.model().equals(want.model()) || !have.topology().equals(want.topology()) || have.width() != want.width()
                || have.classes() != want.classes() || !have.input().equals(want.input())) {
            throw new InvalidInputException(dir.path() + ": its checkpoint is for " + ck.spec().describe() + ", this run trains "
                    + model.spec().describe());
        }
    }

    /** Trains one epoch (or its rest), lets the method rewire, validates, records and saves. */
    private void runEpoch(RunState state, ObjectNode header, Dataset.Split split, Normalization norm, NesterovSgd opt, float lr,
                          int steps) {
        int epoch = state.epoch;
        EpochTotals totals = trainSteps(state, header, split.train(), norm, opt, lr, steps);
        long t0 = System.nanoTime(); // totals.seconds holds the steps' time, of this process and any before a resume
        boolean rewired = listener.afterEpoch(model, epoch);
        if (rewired && cfg.recalibrationBatches() > 0) {
            recalibrate(model, split.train(), norm, cfg.batchSize(), cfg.recalibrationBatches(), cfg.seed(), epoch);
        }
        double epochSeconds = totals.seconds + (System.nanoTime() - t0) / 1e9;
        state.seconds += epochSeconds;
        double trainLoss = totals.lossSum / totals.seen;
        double trainTop1 = (double) totals.correct / totals.seen;
        Evaluation ev = split.validation() == null ? null : Evaluation.of(model, split.validation(), norm, cfg.evalBatchSize());
        EpochMetrics m = new EpochMetrics(epoch, lr, trainLoss, trainTop1, ev == null ? Double.NaN : ev.loss(),
                ev == null ? Double.NaN : ev.top1(), ev == null ? Double.NaN : ev.top5(), epochSeconds,
                String.join(",", ModelRecipe.of(model.spec()).skips()), rewired);
        state.history.add(m);
        console.printf("epoch %d/%d lr %.4g train loss %.4f acc %.4f%s %.1fs%s%n", epoch + 1, cfg.epochs(), lr, trainLoss, trainTop1,
                ev == null ? "" : String.format(Locale.ROOT, " | val loss %.4f top1 %.4f top5 %.4f", ev.loss(), ev.top1(), ev.top5()),
                epochSeconds, rewired ? " | rewired: " + model.spec().describe() : "");
        double score = ev == null ? trainTop1 : ev.top1();
        boolean improved = listener.isFinalWiring(epoch) && score > state.best;
        if (improved) {
            state.best = score;
            state.bestEpoch = epoch;
        }
        state.stepsDone = 0;
        state.partial = new EpochTotals();
        ObjectNode h = header(header, norm, epoch + 1, state);
        save(() -> {
            if (improved) {
                dir.saveBest(h, model);
            }
            dir.saveLast(h, model, opt);
            MetricsFile.write(dir.metrics(), state.history);
        });
    }

    /** The epoch's steps from where the state stands; stops cleanly if asked, fails on a diverged loss. */
    private EpochTotals trainSteps(RunState state, ObjectNode header, Dataset train, Normalization norm, NesterovSgd opt, float lr,
                                   int steps) {
        int epoch = state.epoch;
        Progress progress = new Progress(console, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, cfg.epochs()), steps);
        EpochTotals totals = state.partial;
        long t0 = System.nanoTime();
        try (BatchLoader loader = BatchLoader.forTraining(train, norm, cfg.augmentation(), cfg.batchSize(), cfg.seed(), epoch)) {
            for (int i = 0; i < state.stepsDone && loader.hasNext(); i++) {
                loader.next();
            }
            for (int i = state.stepsDone; i < steps && loader.hasNext(); i++) {
                StepResult r = step(model, objective, opt, loader.next(), lr, train.shape());
                if (!Double.isFinite(r.loss())) {
                    throw new RunFailedException(String.format(Locale.ROOT, "training diverged: the loss is %s at epoch %d, step %d "
                                    + "(lr %.4g); %s holds the last good epoch (%d); retry with a lower learning rate",
                            r.loss(), epoch + 1, i + 1, lr, dir.last(), epoch));
                }
                totals.add(r);
                progress.update(i + 1, totals.lossSum / totals.seen, (double) totals.correct / totals.seen);
                if (stop.isRequested() && i + 1 < steps) {
                    totals.seconds += (System.nanoTime() - t0) / 1e9;
                    stopMidEpoch(state, header, norm, opt, i + 1, totals);
                }
            }
        }
        totals.seconds += (System.nanoTime() - t0) / 1e9;
        return totals;
    }

    private void stopMidEpoch(RunState state, ObjectNode header, Normalization norm, NesterovSgd opt, int stepsDone,
                              EpochTotals totals) {
        state.stepsDone = stepsDone;
        state.partial = totals;
        ObjectNode h = header(header, norm, state.epoch, state);
        save(() -> dir.saveLast(h, model, opt));
        throw new RunInterruptedException("stopped after epoch " + state.epoch + " and " + stepsDone + " steps of epoch "
                + (state.epoch + 1) + "; saved " + dir.last() + " (resume to continue from there)");
    }

    /** A failed write leaves the previous checkpoint in place (RunDirectory): say so instead of a stack trace. */
    private void save(Runnable writes) {
        try {
            writes.run();
        } catch (UncheckedIOException e) {
            throw new RunFailedException(e.getMessage() + "; " + kept(), e);
        }
    }

    /** What a failed save left on disk, exactly: the checkpoint --resume would continue from, or none. */
    private String kept() {
        for (java.nio.file.Path p : new java.nio.file.Path[]{dir.last(), dir.previous()}) {
            if (java.nio.file.Files.isRegularFile(p)) {
                return p + " is kept (--resume continues from it)";
            }
        }
        return "no checkpoint of this run was saved before: nothing to resume from";
    }

    /** The header field with the settings a resume must keep. */
    private static final String TRAINING = "training";

    /** What decides a run's course besides its network: everything but the epoch count (a resume may train on for longer). */
    private ObjectNode trainingSettings() {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("batch", cfg.batchSize()).put("lr", cfg.lr()).put("schedule", cfg.schedule().name()).put("stepEvery", cfg.stepEvery())
                .put("gamma", cfg.gamma()).put("momentum", cfg.momentum()).put("weightDecay", cfg.weightDecay()).put("seed", cfg.seed())
                .put("validationFraction", cfg.validationFraction()).put("recalibrationBatches", cfg.recalibrationBatches())
                .put("maxStepsPerEpoch", cfg.maxStepsPerEpoch());
        t.set("augmentation", Json.MAPPER.valueToTree(cfg.augmentation()));
        return t;
    }

    /**
     * Refuses to resume with other settings than the run was trained with (its checkpoint's header):
     * the result would be neither run. The job's own fields ({@code header}: the schedule of
     * alterations, ...) count too; a checkpoint written before a field existed is not compared on it.
     */
    private void requireSameSettings(Checkpoint ck, ObjectNode header) {
        ObjectNode now = Json.MAPPER.createObjectNode();
        if (header != null) {
            now.setAll(header);
        }
        now.set(TRAINING, trainingSettings());
        // The header holds more than settings (epochs done, best top-1): only the fields given now are compared.
        List<String> changed = SettingsDiff.between(ck.header(), now, SettingsDiff.Fields.GIVEN_NOW, name -> false).stream()
                .map(c -> c.describe(belowTop(c.path()))).toList();
        if (!changed.isEmpty()) {
            throw new InvalidInputException(dir.path() + ": this run was trained with other settings (" + String.join("; ", changed)
                    + "): resume with the same ones, or start afresh with another --out");
        }
    }

    /** A setting's path without its group: "lr" for training.lr, "augmentation.pad" for training.augmentation.pad. */
    private static String belowTop(String path) {
        return path.contains(".") ? path.substring(path.indexOf('.') + 1) : path;
    }

    private ObjectNode header(ObjectNode base, Normalization norm, int epochsDone, RunState state) {
        ObjectNode h = Checkpoint.newHeader(model.spec());
        if (base != null) {
            base.fields().forEachRemaining(e -> h.set(e.getKey(), e.getValue()));
        }
        h.set(TRAINING, trainingSettings());
        h.put("epochsDone", epochsDone);
        h.put("epochs", cfg.epochs());
        h.put("seed", cfg.seed());
        h.put("bestValTop1", state.best);
        h.put("bestEpoch", state.bestEpoch);
        h.put("trainSeconds", state.seconds);
        if (state.stepsDone > 0) {
            h.put("stepsDone", state.stepsDone);
            h.put("epochLossSum", state.partial.lossSum);
            h.put("epochCorrect", state.partial.correct);
            h.put("epochSeen", state.partial.seen);
            h.put("epochSeconds", state.partial.seconds);
        }
        h.set("normalization", Json.MAPPER.valueToTree(norm));
        return h;
    }

    /** One optimisation step. Public so benchmarks time exactly the step that training runs. */
    public static StepResult step(ResNetModel model, Objective objective, NesterovSgd opt, Batch b, float lr,
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
            return new StepResult(lossValue, correct, b.size());
        }
    }

    /**
     * Re-estimates BN running statistics for the current wiring: forward passes in training mode
     * without gradients. Enough batches wash the old statistics out: with PyTorch's update weight of
     * 0.1, 50 batches leave 0.9^50 = 0.5 % of them.
     */
    public static void recalibrate(ResNetModel model, Dataset train, Normalization norm, int batchSize, int batches,
                                   long seed, int epoch) {
        try (BatchLoader loader = BatchLoader.forTraining(train, norm, Augmentation.NONE, batchSize, seed ^ 0x5eed, epoch)) {
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
