package dev.tailor.errors;

/** Helpers for the one-line messages Tailor shows. */
public final class Messages {
    private Messages() {
    }

    /** The first line of a (possibly multi-line, possibly null) message; "" for null. */
    public static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
