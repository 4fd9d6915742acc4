package dev.tailor.net;

import dev.tailor.errors.InvalidInputException;

import java.util.Locale;

/**
 * Where the block's ReLUs sit relative to the add (docs/method.md, "Blocks").
 *
 * <p>{@link #STANDARD}: a ReLU at the block entry, none after the last BN; the usual post-activation
 * ResNet. {@link #SHORT_TEACHER}: no entry ReLU, every conv is followed by BN and ReLU, and the skip
 * is added after the last ReLU. SkipShortener starts from the latter.
 */
public enum Topology {
    STANDARD,
    SHORT_TEACHER;

    public static Topology parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "standard", "original" -> STANDARD;
            case "short-teacher", "shortteacher", "relu-before-add" -> SHORT_TEACHER;
            default -> throw new InvalidInputException("unknown topology '" + text + "' (expected standard or short-teacher)");
        };
    }

    public String label() {
        return this == STANDARD ? "standard" : "short-teacher";
    }
}
