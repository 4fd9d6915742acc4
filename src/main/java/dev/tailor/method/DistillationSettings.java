package dev.tailor.method;

import dev.tailor.errors.InvalidSettingException;

/**
 * The knowledge-distillation loss (docs/method.md, "Loss"): {@code alpha} weighs the distillation
 * term; {@code temperature} 0 means MSE on raw logits (the paper), above 0 Hinton's T²·KL;
 * {@code teacherBatchStats} runs the teacher's BN on batch statistics, as the reference code did.
 */
public record DistillationSettings(float alpha, float temperature, boolean teacherBatchStats) {
    /** The paper's loss: 0.35 · MSE + 0.65 · CE, teacher in evaluation mode. */
    public static final DistillationSettings PAPER = new DistillationSettings(0.35f, 0, false);

    public DistillationSettings {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new InvalidSettingException("alpha", "must be in [0, 1], got " + alpha);
        }
        if (!(temperature >= 0)) {
            throw new InvalidSettingException("temperature", "must be 0 or more, got " + temperature);
        }
    }

    public DistillationSettings withAlpha(float a) {
        return new DistillationSettings(a, temperature, teacherBatchStats);
    }
}
