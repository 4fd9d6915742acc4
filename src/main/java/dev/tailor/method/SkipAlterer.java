package dev.tailor.method;

import dev.tailor.net.SkipMode;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.EpochListener;

/**
 * Tailor's gradual alteration as a training-loop hook: SkipRemover or SkipShortener
 * ({@link AlterationTarget}) rewires one skip at each scheduled epoch end. Re-applying
 * every past alteration is idempotent, which is how a resumed run restores its wiring.
 */
public final class SkipAlterer implements EpochListener {
    private final AlterationSchedule schedule;
    private final SkipMode target;

    public SkipAlterer(AlterationSchedule schedule, AlterationTarget target) {
        this.schedule = schedule;
        this.target = target.skipMode();
    }

    @Override
    public void onResume(ResNetModel model, int epochsDone) {
        for (int k : schedule.alteredThrough(epochsDone - 1)) {
            model.setSkip(k, target);
        }
    }

    @Override
    public boolean afterEpoch(ResNetModel model, int epoch) {
        int k = schedule.skipAlteredAfter(epoch);
        if (k < 0 || k >= model.skipCount()) {
            return false;
        }
        model.setSkip(k, target);
        return true;
    }

    @Override
    public int finalWiringFrom() {
        return schedule.lastAlterationEpoch() + 1;
    }
}
