package dev.tailor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tailor.data.Augmentation;
import dev.tailor.data.Batch;
import dev.tailor.data.BatchLoader;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.data.SyntheticDataset;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.method.DistillationSettings;
import dev.tailor.method.KnowledgeDistillation;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.nn.MemoryLayout;
import dev.tailor.nn.ResNetModel;
import dev.tailor.nn.RuntimeSettings;
import dev.tailor.train.NesterovSgd;
import dev.tailor.train.Objective;
import dev.tailor.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/** Speed benchmarks: medians of repeated runs, one line per measurement. Not a test. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure speed: training steps, inference, the data pipeline or the hardware models.",
                "--suite train times training and KD steps, inference and the data pipeline; --suite hardware the cost "
                + "models. Prints medians, one line per measurement, in the same form as bench/torch_peer.py, so "
                + "bench/compare-torch.sh can take ratios."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** What to time. */
    enum Suite { train, hardware }

    @Option(names = "--suite", defaultValue = "train", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Suite suite;

    @Option(names = "--depth", defaultValue = "8,20", split = ",", description = "CIFAR ResNet depths. Default: ${DEFAULT-VALUE}.")
    List<Integer> depths;

    @Option(names = "--width", defaultValue = "16", split = ",",
            description = "First-stage widths (later stages double it); narrow ones exercise the 1x1 projection route of "
                    + "RELIABILITY.md. Default: ${DEFAULT-VALUE}.")
    List<Integer> widths;

    @Option(names = "--batch", defaultValue = "32,128", split = ",", converter = Counts.Positive.class, description = "Training batch sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Option(names = "--steps", defaultValue = "30", converter = Counts.Positive.class, description = "Timed steps per measurement. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", converter = Counts.NonNegative.class, description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--layout", defaultValue = "channels-last", split = ",",
            description = "Activation memory layouts to time, one step of each in turn: channels-last, nchw. Default: ${DEFAULT-VALUE}.",
            converter = LayoutConverter.class)
    List<MemoryLayout> layouts;

    @Option(names = "--kd", description = "Also time a KD step (frozen teacher in eval mode).")
    boolean kd;

    @Override
    public Integer call() {
        switch (suite) {
            case train -> train();
            case hardware -> HardwareBench.run(out());
        }
        out().printf(Locale.ROOT, "peak_rss_mb=%.0f%n", peakRssMb());
        return 0;
    }

    private void train() {
        Shape in = new Shape(3, 32, 32);
        try (NDManager m = Engines.newManager()) {
            warmUp(m, in);
            for (int width : widths) {
                for (int depth : depths) {
                    for (int batch : batches) {
                        trainLines(m, in, depth, width, batch).forEach(out()::println);
                    }
                }
            }
        }
        Dataset d = SyntheticDataset.generate(20_000, new Shape(3, 32, 32), 10, 1);
        Normalization norm = Normalization.of(d);
        double ms = median(3, 1, () -> time(() -> {
            try (BatchLoader l = BatchLoader.forTraining(d, norm, Augmentation.standard(), 128, 1, 0)) {
                while (l.hasNext()) {
                    l.next();
                }
            }
        }));
        out().printf(Locale.ROOT, "data_pipeline img_s=%.0f (crop+flip+normalise, 3x32x32, batch 128, one producer thread)%n",
                d.size() / ms * 1000);
    }

    /**
     * One model and batch size in each layout: training (and KD) step ms, inference images/s. The
     * steps are interleaved, one per layout (and plain/KD) in turn, so the minutes-long drift of
     * these machines hits every variant alike.
     */
    private List<String> trainLines(NDManager m, Shape in, int depth, int width, int batch) {
        NetSpec spec = ModelZoo.build("resnet" + depth, in, 10, width);
        Batch b = randomBatch(batch, in, new Random(batch));
        Batch big = randomBatch(256, in, new Random(7));
        List<ResNetModel> models = new ArrayList<>();
        try {
            List<LongSupplier> train = new ArrayList<>();
            List<LongSupplier> distill = new ArrayList<>();
            List<LongSupplier> infer = new ArrayList<>();
            for (MemoryLayout layout : layouts) {
                ResNetModel student = ResNetModel.create(spec, m, 1, new RuntimeSettings(layout));
                models.add(student);
                ResNetModel teacher = ResNetModel.create(spec, m, 2, new RuntimeSettings(layout));
                models.add(teacher);
                NesterovSgd opt = new NesterovSgd(0.9f, 1e-4f);
                Objective kdObjective = new KnowledgeDistillation(teacher, DistillationSettings.PAPER);
                train.add(() -> time(() -> TrainingLoop.step(student, Objective.CROSS_ENTROPY, opt, b, 0.05f, in)));
                distill.add(() -> time(() -> TrainingLoop.step(student, kdObjective, opt, b, 0.05f, in)));
                infer.add(() -> time(() -> {
                    try (NDManager s = m.newSubManager()) {
                        student.forward(s.create(big.images(), new ai.djl.ndarray.types.Shape(256, 3, 32, 32)), false).toFloatArray();
                    }
                }));
            }
            // With --kd, plain and KD steps take turns too, so their ratio is not skewed by drift.
            List<LongSupplier> stepRuns = new ArrayList<>(train);
            if (kd) {
                stepRuns.addAll(distill);
            }
            double[] stepMs = medians(steps, warmup, stepRuns);
            double[] trainMs = Arrays.copyOfRange(stepMs, 0, layouts.size());
            double[] kdMs = kd ? Arrays.copyOfRange(stepMs, layouts.size(), stepMs.length) : null;
            double[] inferMs = medians(11, 3, infer);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < layouts.size(); i++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "peer=%s depth=%d width=%d batch=%d train_ms=%.1f",
                        peerName(layouts.get(i)), depth, width, batch, trainMs[i]));
                if (kd) {
                    line.append(String.format(Locale.ROOT, " kd_ms=%.1f", kdMs[i]));
                }
                line.append(String.format(Locale.ROOT, " infer_img_s=%.0f", 256 / inferMs[i] * 1000));
                lines.add(line.toString());
            }
            return lines;
        } finally {
            models.forEach(ResNetModel::close);
        }
    }

    /**
     * The first model measured in a process otherwise pays for JIT compilation and the native
     * allocator's first growth, well past a few warm-up steps: run a throwaway model first.
     */
    private static void warmUp(NDManager m, Shape in) {
        try (ResNetModel w = ResNetModel.create(ModelZoo.build("resnet8", in, 10, 0), m, 0)) {
            NesterovSgd opt = new NesterovSgd(0.9f, 1e-4f);
            Batch b = randomBatch(64, in, new Random(0));
            for (int i = 0; i < 40; i++) {
                TrainingLoop.step(w, Objective.CROSS_ENTROPY, opt, b, 0.01f, in);
            }
        }
    }

    /** channels-last is what Tailor runs by default, so it keeps the plain name. */
    private static String peerName(MemoryLayout layout) {
        return layout == MemoryLayout.CHANNELS_LAST ? "tailor" : "tailor-" + layout.name().toLowerCase(Locale.ROOT);
    }

    static final class LayoutConverter implements CommandLine.ITypeConverter<MemoryLayout> {
        @Override
        public MemoryLayout convert(String value) {
            try {
                return MemoryLayout.parse(value);
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static Batch randomBatch(int n, Shape s, Random rng) {
        float[] x = new float[(int) (n * s.elements())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] y = new int[n];
        Arrays.setAll(y, i -> rng.nextInt(10));
        return new Batch(x, y, n);
    }

    static double median(int n, int warm, LongSupplier run) {
        return medians(n, warm, List.of(run))[0];
    }

    /** Median ms of each run over n rounds, after warm rounds; one call of each run per round, in turn. */
    private static double[] medians(int n, int warm, List<LongSupplier> runs) {
        for (int i = 0; i < warm; i++) {
            runs.forEach(LongSupplier::getAsLong);
        }
        double[][] t = new double[runs.size()][n];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < runs.size(); r++) {
                t[r][i] = runs.get(r).getAsLong() / 1e6;
            }
        }
        double[] out = new double[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            Arrays.sort(t[r]);
            out[r] = n % 2 == 1 ? t[r][n / 2] : (t[r][n / 2 - 1] + t[r][n / 2]) / 2;
        }
        return out;
    }

    static long time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    /** Peak resident memory of this process (JVM heap, native engine and all), from /proc. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
