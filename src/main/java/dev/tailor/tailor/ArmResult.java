package dev.tailor.tailor;

import dev.tailor.net.NetSpec;

/**
 * One finished arm: the network it ended with and its test accuracy.
 *
 * @param target "remove", "shorten", or "" for the teachers
 */
public record ArmResult(Arm arm, String target, NetSpec spec, double top1, double top5, int epochs, double seconds) {

    public String label() {
        return target.isEmpty() ? arm.label() : arm.label() + " (" + target + ")";
    }
}
