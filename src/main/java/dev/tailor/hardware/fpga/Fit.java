package dev.tailor.hardware.fpga;

/**
 * How much of a part an estimated design uses. {@code fits} only when every resource is within the
 * part's capacity (100 % counts as fitting; routing a design that full rarely succeeds, so read a
 * value near 100 % as a warning).
 */
public record Fit(FpgaPart part, double bram18Pct, double dspPct, double ffPct, double lutPct, boolean fits) {

    public static Fit of(Resources used, FpgaPart part) {
        Resources cap = part.capacity();
        boolean fits = used.bram18() <= cap.bram18() && used.dsp() <= cap.dsp() && used.ff() <= cap.ff() && used.lut() <= cap.lut();
        return new Fit(part, pct(used.bram18(), cap.bram18()), pct(used.dsp(), cap.dsp()), pct(used.ff(), cap.ff()),
                pct(used.lut(), cap.lut()), fits);
    }

    private static double pct(long used, long capacity) {
        return 100.0 * used / capacity;
    }
}
