package dev.tailor.train;

import dev.tailor.nn.ResNetModel;

/**
 * Hooks a method into the training loop (Tailor's alteration schedule uses them).
 */
public interface EpochListener {
    /**
     * Restores the state of a run resumed after {@code epochsDone} completed epochs, before training
     * continues; the model already holds the checkpoint's weights and wiring.
     */
    default void onResume(ResNetModel model, int epochsDone) {
    }

    /**
     * Called once before a fresh run's first step (not on resume).
     *
     * @return true if the model was rewired (the loop then recalibrates BN statistics)
     */
    default boolean atStart(ResNetModel model) {
        return false;
    }

    /**
     * Called after epoch {@code epoch} (0-based) trained and before it is evaluated and saved.
     *
     * @return true if the model was rewired (the loop then recalibrates BN statistics)
     */
    default boolean afterEpoch(ResNetModel model, int epoch) {
        return false;
    }

    /** The first epoch (0-based) that trains the final wiring. */
    default int finalWiringFrom() {
        return 0;
    }

    /** Whether the model after {@code epoch} has its final wiring, so may become the "best" checkpoint. */
    default boolean isFinalWiring(int epoch) {
        return epoch + 1 >= finalWiringFrom();
    }

    EpochListener NONE = new EpochListener() {
    };
}
