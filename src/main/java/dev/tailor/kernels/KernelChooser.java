package dev.tailor.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.tailor.errors.RunFailedException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Every convolution goes through here. At the first use of a configuration ({@link ConvConfig}:
 * shape, layout, element type, training or inference, threads) each candidate implementation is
 * run on a small random batch and compared, output and both gradients, with {@link ConvReference};
 * one that is wrong is never used for that configuration. Among the correct ones the fastest on a
 * batch of the real size is used (cuDNN's benchmark mode, correctness first). The verdicts are kept
 * for the process and, where a {@link VerdictCache} is given, on disk for the next one. If no
 * candidate is correct the run stops with one line: a model is never trained on wrong gradients.
 * docs/kernels.md says what this guarantees and what it costs.
 */
public final class KernelChooser {
    /** Timed passes per correct candidate (their median counts), after one pass that is not counted. */
    static final int TIMING_REPEATS = 3;
    /** The timing batch is the real one, capped here so that the check stays cheap at large batches. */
    static final int TIMING_BATCH = 32;
    /** libtorch's kernel stays chosen unless another correct one is this much faster (its results are the ones tests and runs pinned). */
    static final double PREFER_NATIVE_WITHIN = 0.05;
    /** A candidate whose warm-up pass is this many times slower than the best so far is not timed further. */
    static final double GIVE_UP_FACTOR = 3;

    private static final KernelChooser SHARED = builder().build();

    private final List<ConvImpl> candidates;
    private final Consumer<String> notices;
    private final Timer timer;
    private volatile VerdictCache cache;
    /** Keyed by the configuration record itself: no key text is built on every conv call. */
    private final Map<ConvConfig, Choice> choices = new LinkedHashMap<>();
    private final NDManager manager = NDManager.newBaseManager();
    /** The keys used on this thread while {@link #usedBy} runs (null otherwise). */
    private final ThreadLocal<java.util.Set<ConvConfig>> recording = new ThreadLocal<>();

    /** Measures one candidate on one configuration; tests replace it to stage a speed race. */
    @FunctionalInterface
    public interface Timer {
        /** Milliseconds of one pass; may stop early (returning more than {@code giveUpAbove}) once the candidate cannot win. */
        double millis(ConvImpl impl, ConvConfig config, int batch, double giveUpAbove);
    }

    private KernelChooser(Builder b) {
        this.candidates = List.copyOf(b.candidates);
        this.notices = b.notices;
        this.cache = b.cache;
        this.timer = b.timer != null ? b.timer
                : (impl, config, batch, giveUpAbove) -> new KernelCheck(manager).time(impl, config, batch, TIMING_REPEATS, giveUpAbove);
    }

    /**
     * The process's chooser, which models use unless given another: libtorch's kernel and the
     * matrix-product path, notices on standard error, verdicts kept on disk only once the program
     * has called {@link #useDiskCache}.
     */
    public static KernelChooser shared() {
        return SHARED;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Keeps verdicts in {@code cache} from now on (null: this process only). What this process has
     * chosen so far is written there too, so that a process reading the cache later computes with
     * the same kernels (a resumed run continues exactly).
     */
    public synchronized void useDiskCache(VerdictCache cache) {
        this.cache = cache;
        if (cache != null) {
            choices.values().stream().filter(c -> !c.fromDisk()).forEach(cache::put);
        }
    }

    public VerdictCache diskCache() {
        return cache;
    }

    /** Forgets every verdict, this process's and the disk cache's, so each configuration is checked again. */
    public synchronized void forget() {
        choices.clear();
        if (cache != null) {
            cache.clear();
        }
    }

    /** The verdicts so far, in the order the configurations were first used. */
    public synchronized List<Choice> choices() {
        return List.copyOf(choices.values());
    }

    /** The choices of the configurations {@code work} uses on this thread, in order of first use (checked where new). */
    public List<Choice> usedBy(Runnable work) {
        java.util.Set<ConvConfig> used = new java.util.LinkedHashSet<>();
        recording.set(used);
        try {
            work.run();
        } finally {
            recording.remove();
        }
        synchronized (this) {
            return used.stream().map(choices::get).toList();
        }
    }

    /** The convolution of {@code x} (N, C, H, W) with {@code weight} by the implementation chosen for its configuration. */
    public NDArray conv(NDArray x, NDArray weight, NDArray bias, ConvParams params, ConvConfig.Layout layout) {
        ConvConfig config = configOf(x, weight, bias, params, layout);
        Choice choice = choose(config, (int) x.getShape().get(0));
        java.util.Set<ConvConfig> used = recording.get();
        if (used != null) {
            used.add(config);
        }
        return implementation(choice.chosen()).apply(x, weight, bias, config);
    }

    static ConvConfig configOf(NDArray x, NDArray weight, NDArray bias, ConvParams p, ConvConfig.Layout layout) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        ConvShape shape = new ConvShape(new Window((int) ws.get(2), (int) ws.get(3)), p.stride(), p.padding(), p.dilation(), p.groups(),
                (int) xs.get(1), (int) ws.get(0), new Window((int) xs.get(2), (int) xs.get(3)), bias != null);
        boolean gradients = JniUtils.isGradMode()
                && (x.hasGradient() || weight.hasGradient() || (bias != null && bias.hasGradient()));
        return new ConvConfig(shape, layout, x.getDataType() == DataType.FLOAT64 ? ConvConfig.ElementType.FLOAT64 : ConvConfig.ElementType.FLOAT32,
                gradients ? ConvConfig.Pass.TRAINING : ConvConfig.Pass.INFERENCE, JniUtils.getNumThreads());
    }

    /** The choice for a configuration: this process's, the disk cache's, or a fresh check with batches of up to {@code batch} images. */
    public synchronized Choice choose(ConvConfig config, int batch) {
        Choice known = choices.get(config);
        if (known != null) {
            return known;
        }
        Choice choice = cache == null ? null : cache.get(config, candidateNames());
        if (choice == null) {
            choice = check(config, batch);
            if (cache != null) {
                cache.put(choice);
            }
        }
        choices.put(config, choice);
        announce(choice);
        return choice;
    }

    private Choice check(ConvConfig config, int batch) {
        long start = System.nanoTime();
        List<Verdict> verdicts = new ArrayList<>(new KernelCheck(manager).verify(config, batch, candidates));
        List<Integer> correct = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i).correct()) {
                correct.add(i);
            }
        }
        if (correct.isEmpty()) {
            throw new RunFailedException("no convolution kernel computes the " + config.describe() + " correctly on this CPU ("
                    + CpuIdentity.current().describe() + "): " + verdicts.stream().map(v -> implementation(v.impl()).description() + " "
                    + v.summary()).collect(Collectors.joining("; ")) + "; stopping rather than training on wrong gradients");
        }
        String chosen = verdicts.get(correct.get(0)).impl();
        long verified = System.nanoTime();
        if (correct.size() > 1) {
            int timingBatch = Math.min(batch, TIMING_BATCH);
            double best = Double.POSITIVE_INFINITY;
            for (int i : correct) {
                Verdict v = verdicts.get(i);
                double ms = timer.millis(implementation(v.impl()), config, timingBatch, GIVE_UP_FACTOR * best);
                verdicts.set(i, v.timed(ms));
                best = Math.min(best, ms);
            }
            chosen = fastest(verdicts);
        }
        return new Choice(config, verdicts, chosen, (verified - start) / 1e6, (System.nanoTime() - verified) / 1e6, false);
    }

    /** The fastest correct verdict's implementation; the first candidate (libtorch's) unless another beats it clearly. */
    static String fastest(List<Verdict> verdicts) {
        Verdict best = null;
        for (Verdict v : verdicts) {
            if (v.correct() && (best == null || v.millis() < best.millis())) {
                best = v;
            }
        }
        Verdict first = verdicts.get(0);
        if (first.correct() && first != best && first.millis() <= best.millis() * (1 + PREFER_NATIVE_WITHIN)) {
            return first.impl();
        }
        return Objects.requireNonNull(best).impl();
    }

    /** One line per configuration whose first candidate, libtorch's own kernel, was checked and found wrong. */
    private void announce(Choice choice) {
        Verdict first = choice.verdicts().get(0);
        if (first.status() == Verdict.Status.WRONG || first.status() == Verdict.Status.FAILED) {
            notices.accept(implementation(first.impl()).description() + " gave " + (first.status() == Verdict.Status.WRONG ? "a " : "")
                    + first.detail() + " for the " + choice.config().describe() + " on this CPU"
                    + (choice.fromDisk() ? " (found earlier, kept in " + cache.file() + ")" : "") + "; using "
                    + implementation(choice.chosen()).description());
        }
    }

    private List<String> candidateNames() {
        return candidates.stream().map(ConvImpl::name).toList();
    }

    ConvImpl implementation(String name) {
        for (ConvImpl c : candidates) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("no candidate named " + name);
    }

    public List<ConvImpl> candidates() {
        return candidates;
    }

    public static final class Builder {
        private List<ConvImpl> candidates = List.of(new NativeConv(), new UnfoldGemmConv());
        private Consumer<String> notices = line -> System.err.println("tailor: " + line);
        private VerdictCache cache;
        private Timer timer;

        /** The implementations to choose among, the engine's own first. */
        public Builder candidates(Collection<? extends ConvImpl> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("at least one candidate");
            }
            this.candidates = List.copyOf(list);
            return this;
        }

        public Builder notices(Consumer<String> sink) {
            this.notices = Objects.requireNonNull(sink);
            return this;
        }

        public Builder cache(VerdictCache c) {
            this.cache = c;
            return this;
        }

        public Builder timer(Timer t) {
            this.timer = t;
            return this;
        }

        public KernelChooser build() {
            return new KernelChooser(this);
        }
    }
}
