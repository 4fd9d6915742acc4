package dev.tailor.train;

import ai.djl.ndarray.NDArray;

/**
 * What a training step minimises. {@link #forBatch} runs before the gradient tape opens, so work
 * that needs no gradient (a frozen teacher's forward pass) builds no graph.
 */
public interface Objective {
    BatchLoss forBatch(NDArray images);

    /** The loss of one batch given the student's logits and the labels. */
    interface BatchLoss {
        NDArray apply(NDArray logits, NDArray labels);
    }

    /** Plain cross-entropy. */
    Objective CROSS_ENTROPY = images -> Losses::crossEntropy;
}
