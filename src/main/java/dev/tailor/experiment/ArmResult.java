package dev.tailor.experiment;

import dev.tailor.method.AlterationTarget;
import dev.tailor.net.NetSpec;

/**
 * One finished arm for one seed: the network it ended with and its test accuracy.
 *
 * @param target the target the arm belongs to (a teacher belongs to the target it teaches)
 */
public record ArmResult(Arm arm, AlterationTarget target, long seed, NetSpec spec, double top1, double top5, int epochs, double seconds) {

    public String label() {
        return arm.labelFor(target);
    }
}
