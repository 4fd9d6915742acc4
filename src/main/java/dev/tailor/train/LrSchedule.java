package dev.tailor.train;

import java.util.Locale;

/** Learning rate per epoch (0-based). */
public interface LrSchedule {
    float at(int epoch);

    String describe();

    /** lr * gamma^(epoch / every): the paper's x0.1 every 30 epochs. */
    static LrSchedule step(float lr, int every, float gamma) {
        if (every <= 0) {
            throw new IllegalArgumentException("step schedule period must be positive, got " + every);
        }
        return new LrSchedule() {
            public float at(int epoch) {
                return (float) (lr * Math.pow(gamma, epoch / every));
            }

            public String describe() {
                return String.format(Locale.ROOT, "step lr=%g x%g every %d epochs", lr, gamma, every);
            }
        };
    }

    /** Half-cosine from lr down to 0 over {@code epochs}. */
    static LrSchedule cosine(float lr, int epochs) {
        return new LrSchedule() {
            public float at(int epoch) {
                return (float) (0.5 * lr * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs))));
            }

            public String describe() {
                return String.format(Locale.ROOT, "cosine lr=%g over %d epochs", lr, epochs);
            }
        };
    }

    /**
     * lr held for the first {@code hold} epochs, then a half-cosine to 0 over the rest. For a Tailor
     * run, {@code hold} is the first epoch that trains the final wiring, so the fine-tuning that
     * follows the last alteration starts at the full lr (as the all-at-once arm's does) instead of
     * at the tail of one long cosine.
     */
    static LrSchedule holdThenCosine(float lr, int hold, int epochs) {
        LrSchedule tail = cosine(lr, epochs - hold);
        return new LrSchedule() {
            public float at(int epoch) {
                return epoch < hold ? lr : tail.at(epoch - hold);
            }

            public String describe() {
                return String.format(Locale.ROOT, "lr=%g held for %d epochs, then cosine over %d", lr, hold, epochs - hold);
            }
        };
    }

    /** @param hold for hold-cosine: the first epoch that trains the final wiring (0 when nothing is altered) */
    static LrSchedule of(ScheduleKind kind, float lr, int epochs, int stepEvery, float gamma, int hold) {
        return switch (kind) {
            case STEP -> step(lr, stepEvery, gamma);
            case COSINE -> cosine(lr, epochs);
            case HOLD_COSINE -> holdThenCosine(lr, Math.max(0, Math.min(hold, epochs - 1)), epochs);
            case CONSTANT -> step(lr, Integer.MAX_VALUE, 1f);
        };
    }
}
