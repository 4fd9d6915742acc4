package dev.tailor.hardware.fpga;

import java.util.Locale;

/**
 * The built-in FPGA parts, smallest first, with their capacities (BRAM counted in 18 Kb halves:
 * twice the datasheet's 36 Kb blocks; UltraRAM is not counted). The lower-case name is what users type.
 */
public enum FpgaPart {
    XC7Z020("Pynq-Z2 / Zedboard", 280, 220, 106_400, 53_200),
    XC7A100T("Arty A7-100T", 270, 240, 126_800, 63_400),
    XCZU7EV("ZCU104", 624, 1_728, 460_800, 230_400),
    XCZU9EG("ZCU102", 1_824, 2_520, 548_160, 274_080),
    XCU250("Alveo U250", 5_376, 12_288, 3_456_000, 1_728_000);

    private final String board;
    private final Resources capacity;

    FpgaPart(String board, long bram18, long dsp, long ff, long lut) {
        this.board = board;
        this.capacity = new Resources(bram18, ff, lut, dsp);
    }

    public String board() {
        return board;
    }

    public Resources capacity() {
        return capacity;
    }

    /** The part name as Xilinx writes it (also what picocli matches, case-insensitively). */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
