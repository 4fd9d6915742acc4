package dev.tailor.cli;

import ai.djl.ndarray.NDManager;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.nn.MemoryLayout;
import dev.tailor.nn.RuntimeSettings;

/** What the engine-using commands share: a manager, and the runtime settings chosen for this process. */
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
}
