package dev.tailor.train;

import ai.djl.ndarray.NDArray;

/** Loss functions on raw logits, each averaged over the batch. */
public final class Losses {
    private Losses() {
    }

    /** Cross-entropy; {@code labels} are int64 class indices of shape (N). */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).neg().mean();
    }

    /** Mean squared error over all elements (PyTorch's {@code MSELoss(reduction='mean')}). */
    public static NDArray mse(NDArray a, NDArray b) {
        return a.sub(b).square().mean();
    }

    /** KL(softmax(t/T) || softmax(s/T)) * T^2, batch-mean: Hinton's temperature-scaled distillation. */
    public static NDArray klDivergence(NDArray student, NDArray teacher, float temperature) {
        NDArray logPs = student.div(temperature).logSoftmax(1);
        NDArray logPt = teacher.div(temperature).logSoftmax(1);
        return logPt.exp().mul(logPt.sub(logPs)).sum(new int[]{1}).mean().mul(temperature * temperature);
    }
}
