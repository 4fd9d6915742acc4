package dev.tailor.train;

import java.util.Locale;

/** Learning rate per epoch (0-based). */
public interface LrSchedule {
    float at(int epoch);

    String describe();

    /** lr * gamma^(epoch / every): method.md's x0.1 every 30 epochs. */
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

    static LrSchedule parse(String name, float lr, int epochs, int stepEvery, float gamma) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "step" -> step(lr, stepEvery, gamma);
            case "cosine" -> cosine(lr, epochs);
            case "constant" -> step(lr, Integer.MAX_VALUE, 1f);
            default -> throw new IllegalArgumentException("unknown schedule '" + name + "' (expected step, cosine or constant)");
        };
    }
}
