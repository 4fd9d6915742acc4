package dev.tailor.cli;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A width-4 ResNet-8 trained for four steps on synthetic data: a real checkpoint in seconds (tests only). */
final class TinyCheckpoint {
    private TinyCheckpoint() {
    }

    /** Trains into {@code dir/t} and returns its best.ckpt. */
    static Path train(Path dir) {
        CliRun r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--max-steps", "4",
                "--out", dir.resolve("t").toString());
        assertThat(r.code()).as(r.all()).isZero();
        return dir.resolve("t").resolve("best.ckpt");
    }
}
