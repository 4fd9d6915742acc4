package dev.tailor.hardware;

import dev.tailor.errors.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Resources of an FPGA part, for percentages of use (BRAM counted as 18 Kb halves). */
public record FpgaPart(String name, String board, int bram18, int dsp, int ff, int lut) {
    private static final Map<String, FpgaPart> PARTS = new LinkedHashMap<>();

    static {
        add(new FpgaPart("xc7z020", "Pynq-Z2 / Zedboard", 280, 220, 106_400, 53_200));
        add(new FpgaPart("xc7a100t", "Arty A7-100T", 270, 240, 126_800, 63_400));
        add(new FpgaPart("xczu7ev", "ZCU104", 624, 1_728, 460_800, 230_400));
        add(new FpgaPart("xczu9eg", "ZCU102", 1_824, 2_520, 548_160, 274_080));
        add(new FpgaPart("xcu250", "Alveo U250", 5_376, 12_288, 3_456_000, 1_728_000));
    }

    private static void add(FpgaPart p) {
        PARTS.put(p.name(), p);
    }

    public static FpgaPart of(String name) {
        FpgaPart p = PARTS.get(name.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new InvalidInputException("unknown FPGA part '" + name + "' (known: " + String.join(", ", PARTS.keySet()) + ")");
        }
        return p;
    }

    public static Iterable<FpgaPart> all() {
        return PARTS.values();
    }
}
