package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.data.Datasets;
import dev.tailor.data.FashionMnist;
import dev.tailor.data.FashionMnistFetcher;
import dev.tailor.net.SkipMode;
import dev.tailor.tailor.Arm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;

/** The main job on a fresh clone. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole story in one command: on Fashion-MNIST, train a ResNet-8 teacher and a short-skip teacher,",
                "run SkipRemover and SkipShortener, and print accuracy and hardware estimates side by side (runs/demo/).",
                "The quick preset takes 12-18 minutes on 2 cores; --preset paper uses the paper's schedule (days on a CPU).",
                "Fashion-MNIST comes from Debian's dataset-fashion-mnist, fetched into ~/.cache/tailor without root if missing."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's IDX files (default: look in the Debian location and the cache).")
    Path data;
    @Option(names = "--preset", defaultValue = "quick", description = "quick (12-18 min) or paper (200 epochs, batch 32, lr 0.1 x0.1 every 30, N = 3). Default: ${DEFAULT-VALUE}.")
    String preset;
    @Option(names = "--out", defaultValue = "runs/demo", description = "Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (0: whole epochs); for a quick trial run.")
    int maxSteps;

    @Override
    public Integer call() {
        Path dir = FashionMnistFetcher.findOrFetch(data, System.out);
        if (dir == null) {
            throw new IllegalArgumentException("Fashion-MNIST is not available: install it with 'apt-get install dataset-fashion-mnist' "
                    + "(files land in " + FashionMnist.DEBIAN_DIR + "), or pass --data DIR with train-images-idx3-ubyte.gz and friends");
        }
        DataSplits splits = Datasets.load("fashion-mnist", dir, null, seed);
        System.out.println("Tailor demo (" + preset + "): ResNet-8 on Fashion-MNIST from " + dir + " -> " + out);
        EnumSet<SkipMode> targets = EnumSet.of(SkipMode.NONE, SkipMode.SHORT);
        EnumSet<Arm> arms = EnumSet.of(Arm.TAILOR);
        switch (preset) {
            case "quick" -> ExperimentCommand.run("resnet8", 0, splits, targets, arms, 3, 0.05f, 5, 0.01f, "hold-cosine", 32, 1,
                    "input-first", 0.35f, seed, maxSteps, out);
            case "paper" -> ExperimentCommand.run("resnet8", 0, splits, targets, arms, 200, 0.1f, 200, 0.1f, "step", 32, 3,
                    "input-first", 0.35f, seed, maxSteps, out);
            default -> throw new IllegalArgumentException("--preset must be quick or paper, not '" + preset + "'");
        }
        return 0;
    }
}
