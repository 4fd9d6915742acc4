package dev.tailor.train;

import dev.tailor.errors.InvalidInputException;

import java.util.Locale;

/** The learning-rate schedules {@link LrSchedule#of} builds. */
public enum ScheduleKind {
    /** lr × γ every {@code stepEvery} epochs (the paper's ×0.1 every 30). */
    STEP("step"),
    /** A half-cosine from lr to 0 over the run. */
    COSINE("cosine"),
    /** lr held until the wiring is final, then a half-cosine over the remaining epochs. */
    HOLD_COSINE("hold-cosine"),
    /** lr throughout. */
    CONSTANT("constant");

    private final String label;

    ScheduleKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ScheduleKind parse(String text) {
        for (ScheduleKind k : values()) {
            if (k.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new InvalidInputException("unknown schedule '" + text + "' (expected step, cosine, hold-cosine or constant)");
    }

    @Override
    public String toString() {
        return label;
    }
}
