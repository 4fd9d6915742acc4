package dev.tailor.method;

import dev.tailor.nn.ResNetModel;
import dev.tailor.train.EpochListener;

/**
 * The ablation's arm (c): every skip altered before the first step (the training loop then
 * recalibrates BN statistics), nothing altered afterwards.
 */
public final class AlterAllAtOnce implements EpochListener {
    private final AlterationTarget target;

    public AlterAllAtOnce(AlterationTarget target) {
        this.target = target;
    }

    @Override
    public boolean atStart(ResNetModel model) {
        for (int i = 0; i < model.skipCount(); i++) {
            model.setSkip(i, target.skipMode());
        }
        return true;
    }
}
