package dev.tailor.hardware.fpga;

import java.util.Arrays;
import java.util.Locale;

/** Which part a design is fitted on: a fixed one, or the smallest built-in part that fits ({@link #AUTO}). */
public record PartChoice(FpgaPart fixed) {
    public static final PartChoice AUTO = new PartChoice(null);

    public static PartChoice of(FpgaPart part) {
        return new PartChoice(part);
    }

    /** "auto" or a part name, any case. */
    public static PartChoice parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        return Arrays.stream(FpgaPart.values()).filter(p -> p.toString().equals(t)).findFirst().map(PartChoice::of)
                .orElseThrow(() -> new IllegalArgumentException("unknown FPGA part '" + text + "' (known: auto, "
                        + String.join(", ", Arrays.stream(FpgaPart.values()).map(FpgaPart::toString).toList()) + ")"));
    }

    public boolean isAuto() {
        return fixed == null;
    }

    /** The fit on the fixed part, or on the smallest part that holds the design (the largest when none does). */
    public Fit fit(Resources used) {
        if (fixed != null) {
            return Fit.of(used, fixed);
        }
        Fit last = null;
        for (FpgaPart p : FpgaPart.values()) {
            last = Fit.of(used, p);
            if (last.fits()) {
                return last;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        return fixed == null ? "auto" : fixed.toString();
    }
}
