package dev.tailor.net;

import dev.tailor.errors.InvalidInputException;

import java.util.Locale;

/** How a residual block's skip connection is wired. */
public enum SkipMode {
    /** The original skip, spanning the whole block. */
    LONG,
    /** One skip per convolution (Tailor's SkipShortener). */
    SHORT,
    /** No skip at all (Tailor's SkipRemover): the projection is not part of the graph. */
    NONE;

    public static SkipMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "long", "l" -> LONG;
            case "short", "s", "shortened" -> SHORT;
            case "none", "n", "removed", "remove" -> NONE;
            default -> throw new InvalidInputException("unknown skip mode '" + text + "' (expected long, short or none)");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
