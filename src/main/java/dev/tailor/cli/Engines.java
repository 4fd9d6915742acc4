package dev.tailor.cli;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.Normalization;
import dev.tailor.train.Checkpoint;

/** Small helpers the engine-using commands share. */
final class Engines {
    private Engines() {
    }

    static NDManager newManager() {
        return NDManager.newBaseManager();
    }

    /** The normalisation a checkpoint was trained with. */
    static Normalization normalization(Checkpoint ck, java.nio.file.Path file) {
        try {
            return Checkpoint.JSON.treeToValue(ck.header().get("normalization"), Normalization.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(file + ": checkpoint has no normalisation statistics");
        }
    }
}
