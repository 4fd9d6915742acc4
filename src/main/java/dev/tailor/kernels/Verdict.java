package dev.tailor.kernels;

/**
 * What the check found for one implementation on one configuration: correct (and how fast), wrong
 * (which result, by how much), failed (the engine refused), or not tried ({@link ConvImpl#canTry}).
 *
 * @param error  the worst error against {@link ConvReference} ({@link ConvReference#error}); NaN if not run
 * @param millis median time of a timed pass (forward, plus backward when training); NaN if not timed
 */
public record Verdict(String impl, Status status, String detail, double error, double millis) {
    public enum Status {
        CORRECT, WRONG, FAILED, NOT_TRIED
    }

    public boolean correct() {
        return status == Status.CORRECT;
    }

    public Verdict timed(double ms) {
        return new Verdict(impl, status, detail, error, ms);
    }

    /** {@code correct (error 3.1e-07), 4.20 ms} or {@code wrong input gradient (error 2.2e-02)}. */
    public String summary() {
        String what = switch (status) {
            case CORRECT -> "correct (error " + String.format(java.util.Locale.ROOT, "%.1e", error) + ")";
            case WRONG, FAILED -> detail;
            case NOT_TRIED -> "not tried: " + detail;
        };
        return Double.isNaN(millis) ? what : what + String.format(java.util.Locale.ROOT, ", %.2f ms", millis);
    }
}
