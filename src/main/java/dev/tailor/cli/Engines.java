package dev.tailor.cli;

import ai.djl.ndarray.NDManager;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.MemoryLayout;
import dev.tailor.nn.ResNetModel;
import dev.tailor.nn.RuntimeSettings;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.Evaluation;

import java.nio.file.Path;

/**
 * What the engine-using commands share: a manager, the runtime settings chosen for this process,
 * and a checkpoint's float evaluation (evaluate, quantize).
 */
final class Engines {
    /** {@code -Dtailor.layout=nchw|channels-last} (README, "Speed settings"). */
    static final String LAYOUT_PROPERTY = "tailor.layout";

    private Engines() {
    }

    static NDManager newManager() {
        return NDManager.newBaseManager();
    }

    /** The settings the launcher's options chose; channels-last unless {@code -Dtailor.layout} says otherwise. */
    static RuntimeSettings runtimeSettings() {
        String layout = System.getProperty(LAYOUT_PROPERTY);
        if (layout == null) {
            return RuntimeSettings.DEFAULT;
        }
        try {
            return new RuntimeSettings(MemoryLayout.parse(layout));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("-D" + LAYOUT_PROPERTY + ": " + e.getMessage());
        }
    }

    /** Refuses a dataset whose images or classes are not the ones the checkpoint's model was built for. */
    static void requireFits(Checkpoint ck, Path file, Dataset d) {
        NetSpec net = ck.spec();
        if (!d.shape().equals(net.input()) || d.classes() != net.classes()) {
            throw new InvalidInputException(file + ": model expects " + net.input() + " images and " + net.classes()
                    + " classes, dataset has " + d.shape() + " and " + d.classes());
        }
    }

    /** The checkpoint's float model evaluated on a dataset. */
    static Evaluation evaluate(Checkpoint ck, Dataset d, Normalization norm) {
        try (NDManager m = newManager(); ResNetModel model = ResNetModel.create(ck.spec(), m, 0, runtimeSettings())) {
            ck.loadInto(model);
            return Evaluation.of(model, d, norm, 256);
        }
    }
}
