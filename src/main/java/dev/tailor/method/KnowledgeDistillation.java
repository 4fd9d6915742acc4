package dev.tailor.method;

import ai.djl.ndarray.NDArray;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Losses;
import dev.tailor.train.Objective;

import java.util.function.UnaryOperator;

/**
 * {@code L = alpha * MSE(z_teacher, z_student) + (1 - alpha) * CE(z_student, y)} on raw logits
 * (docs/method.md), or with {@code temperature > 0} Hinton's {@code alpha * T^2 * KL + (1 - alpha) * CE}.
 *
 * <p>The teacher is frozen and by default runs in evaluation mode (BN running statistics). The
 * reference code left its BatchNorm in training mode (batch statistics, running statistics still
 * updated); {@code teacherBatchStats} reproduces that quirk. Its forward pass runs before the
 * gradient tape opens, so no graph is built and no gradient reaches its weights. In evaluation
 * mode its BN is folded into the convs once, on the first batch
 * ({@link ResNetModel#frozenEvaluation()}), so its weights must be final by then.
 */
public final class KnowledgeDistillation implements Objective {
    private final UnaryOperator<NDArray> teacher;
    private final float alpha;
    private final float temperature;

    public KnowledgeDistillation(ResNetModel teacher, DistillationSettings settings) {
        this.teacher = settings.teacherBatchStats() ? x -> teacher.forward(x, true) : teacher.frozenEvaluation();
        this.alpha = settings.alpha();
        this.temperature = settings.temperature();
    }

    @Override
    public BatchLoss forBatch(NDArray images) {
        NDArray t = teacher.apply(images);
        return (logits, labels) -> {
            NDArray distill = temperature > 0 ? Losses.klDivergence(logits, t, temperature) : Losses.mse(logits, t);
            return distill.mul(alpha).add(Losses.crossEntropy(logits, labels).mul(1 - alpha));
        };
    }
}
