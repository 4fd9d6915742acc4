package dev.tailor.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.kernels.Choice;
import dev.tailor.kernels.ConvImpl;
import dev.tailor.kernels.CpuIdentity;
import dev.tailor.kernels.KernelChooser;
import dev.tailor.kernels.Verdict;
import dev.tailor.kernels.VerdictCache;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.nn.ResNetModel;
import dev.tailor.nn.RuntimeSettings;
import dev.tailor.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/** Checks every convolution a model uses on this CPU and prints the verdicts and the implementation chosen for each. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the convolution kernels a model needs on this CPU and show which implementation each uses.",
                "Every conv configuration (kernel, stride, channels, input size, layout, threads, training or inference) is run by "
                        + "libtorch's own kernel and by Tailor's matrix-product path on a small random batch and compared with "
                        + "double-precision loops; a wrong one is never used, and the fastest correct one is. Training and "
                        + "evaluation do this by themselves at first use; verdicts are kept per machine in the cache folder "
                        + "($TAILOR_KERNEL_CACHE, else kernels/ in $TAILOR_CACHE or ~/.cache/tailor). docs/kernels.md explains.",
                "Example: tailor doctor --model resnet20 --batch 128"})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--input", paramLabel = "CxHxW", description = "Input shape (default: the model family's, 3x32x32 or 3x224x224).")
    String input;

    @Option(names = "--classes", defaultValue = "0", description = "Classes (0: the family default).")
    int classes;

    @Option(names = "--checkpoint", paramLabel = "CKPT", description = "A checkpoint's network instead of a zoo model (trained, altered or imported).")
    Path checkpoint;

    @Option(names = "--batch", defaultValue = "128", paramLabel = "N", description = "Batch size the speed choice is made for (timed on at most 32 images). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--recheck", description = "Forget the verdicts kept for this machine and check every configuration again.")
    boolean recheck;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new InvalidInputException("--batch must be at least 1, got " + batch);
        }
        RuntimeSettings settings = Engines.runtimeSettings();
        KernelChooser kernels = settings.kernels();
        NetSpec net = network();
        if (recheck) {
            kernels.forget();
        }
        PrintWriter out = spec.commandLine().getOut();
        VerdictCache cache = kernels.diskCache();
        out.printf(Locale.ROOT, "%s, %s layout, batch %d%n", net.describe(), settings.layout(), batch);
        out.printf(Locale.ROOT, "CPU: %s; libtorch %s, %d threads%n", CpuIdentity.current().describe(),
                Engine.getEngine("PyTorch").getVersion(), JniUtils.getNumThreads());
        out.println("verdicts kept in: " + (cache == null ? "this process only" : cache.file()));
        long start = System.nanoTime();
        List<Choice> all = kernels.usedBy(() -> exercise(net, settings));
        double wall = (System.nanoTime() - start) / 1e6;
        print(out, kernels, all);
        double verify = all.stream().mapToDouble(Choice::verifyMillis).sum();
        double timing = all.stream().mapToDouble(Choice::timingMillis).sum();
        long fromDisk = all.stream().filter(Choice::fromDisk).count();
        out.printf(Locale.ROOT, "%d configurations (%d from the disk cache); checks took %.0f ms "
                + "(correctness %.0f ms, speed %.0f ms); one training step and two evaluation passes, checks included, %.0f ms%n",
                all.size(), fromDisk, verify + timing, verify, timing, wall);
        return 0;
    }

    private NetSpec network() {
        if (checkpoint != null) {
            return Checkpoint.load(checkpoint).spec();
        }
        NetSpec d = ModelZoo.build(model.model);
        Shape in = input == null ? d.input() : HardwareOptions.flag("--input", () -> Shape.parse(input));
        return model.build(in, classes == 0 ? d.classes() : classes);
    }

    /** What training, KD and evaluation run: one training step, an evaluation pass, and a frozen (BN-folded) teacher pass. */
    private void exercise(NetSpec net, RuntimeSettings settings) {
        Shape s = net.input();
        float[] images = new float[batch * s.channels() * s.height() * s.width()];
        Random rng = new Random(1);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) rng.nextGaussian();
        }
        try (NDManager m = Engines.newManager(); ResNetModel model = ResNetModel.create(net, m, 0, settings)) {
            if (checkpoint != null) {
                Checkpoint.load(checkpoint).loadInto(model);
            }
            NDArray x = m.create(images, new ai.djl.ndarray.types.Shape(batch, s.channels(), s.height(), s.width()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.forward(x, true).sum());
            }
            model.forward(x, false);
            model.frozenEvaluation().apply(x);
        }
    }

    private static void print(PrintWriter out, KernelChooser kernels, List<Choice> choices) {
        List<ConvImpl> impls = kernels.candidates();
        out.printf(Locale.ROOT, "%-62s", "configuration");
        for (ConvImpl c : impls) {
            out.printf(Locale.ROOT, " | %-34s", c.name() + " (" + (c.name().equals("native") ? "libtorch" : "Tailor") + ")");
        }
        out.printf(Locale.ROOT, " | %s%n", "used");
        for (Choice c : choices) {
            out.printf(Locale.ROOT, "%-62s", c.config().shape().describe() + ", " + c.config().pass());
            for (ConvImpl impl : impls) {
                Verdict v = c.verdict(impl.name());
                out.printf(Locale.ROOT, " | %-34s", v == null ? "-" : v.summary());
            }
            out.printf(Locale.ROOT, " | %s%s%n", c.chosen(), c.fromDisk() ? " (cached)" : "");
        }
    }
}
