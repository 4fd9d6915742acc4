package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.train.Checkpoint;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A trained checkpoint and the dataset it is measured on (evaluate, quantize), checked to fit each other. */
public final class CheckpointOnData {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A .ckpt written by train, alter or experiment.")
    Path checkpoint;

    @Mixin
    DataOptions data;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (synthetic data only). Default: ${DEFAULT-VALUE}.")
    long seed;

    /** The checkpoint and the data, loaded. */
    record Loaded(Checkpoint checkpoint, DataSplits splits) {
    }

    Loaded load(PrintWriter log) {
        Checkpoint ck = Checkpoint.load(checkpoint);
        DataSplits splits = data.load(seed, log);
        Engines.requireFits(ck, checkpoint, splits.test());
        return new Loaded(ck, splits);
    }

    Path file() {
        return checkpoint;
    }
}
