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

    /** Refuses a dataset whose images or classes are not the ones the checkpoint's model was built for. */
    static void requireFits(Checkpoint ck, java.nio.file.Path file, dev.tailor.data.Dataset d) {
        dev.tailor.net.NetSpec spec = ck.spec();
        if (!d.shape().equals(spec.input()) || d.classes() != spec.classes()) {
            throw new dev.tailor.errors.InvalidInputException(file + ": model expects " + spec.input() + " images and " + spec.classes()
                    + " classes, dataset has " + d.shape() + " and " + d.classes());
        }
    }

    /** The checkpoint's float model evaluated on a dataset. */
    static dev.tailor.train.Evaluation evaluate(Checkpoint ck, dev.tailor.data.Dataset d, Normalization norm) {
        try (NDManager m = newManager(); dev.tailor.nn.ResNetModel net = dev.tailor.nn.ResNetModel.create(ck.spec(), m, 0)) {
            ck.loadInto(net);
            return dev.tailor.train.Evaluation.of(net, d, norm, 256);
        }
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
