package dev.tailor.cli;

import dev.tailor.data.DataPart;
import dev.tailor.data.Dataset;
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

    /** The checkpoint and the one part of the data the command reads. */
    record Loaded(Checkpoint checkpoint, Dataset data) {
    }

    /** Reads only {@code part}'s files: scoring the test split needs no training files. */
    Loaded load(DataPart part, PrintWriter log) {
        Checkpoint ck = Checkpoint.load(checkpoint);
        Dataset d = data.load(seed, log, part);
        Engines.requireFits(ck, checkpoint, d);
        return new Loaded(ck, d);
    }

    Path file() {
        return checkpoint;
    }
}
