package dev.tailor.synth;

import dev.tailor.hardware.fpga.Resources;

import java.util.Map;
import java.util.TreeMap;

/**
 * The cells Yosys's {@code synth_xilinx} mapped one module (or the design) to, by cell type, and
 * what they are in the 7-series resources Tailor's estimates count (docs/synthesis.md, "Counting"):
 * LUTs (logic LUT1..LUT6, plus the LUTs distributed RAM and shift registers occupy), flip-flops,
 * block RAM in 18 Kb halves (a RAMB36E1 is two), DSP48E1 slices. I/O buffers are not counted.
 */
public record CellCounts(Map<String, Long> cells) {
    /** LUTs each distributed-RAM primitive occupies in a SLICEM. */
    private static final Map<String, Integer> LUTRAM = Map.of("RAM32M", 4, "RAM64M", 4, "RAM32X1D", 2, "RAM64X1D", 2,
            "RAM128X1D", 4, "RAM32X1S", 1, "RAM64X1S", 1, "RAM128X1S", 2, "RAM256X1S", 4);

    public CellCounts {
        cells = java.util.Collections.unmodifiableMap(new TreeMap<>(cells));
    }

    public static final CellCounts NONE = new CellCounts(Map.of());

    private long count(String type) {
        return cells.getOrDefault(type, 0L);
    }

    public long logicLuts() {
        return count("LUT1") + count("LUT2") + count("LUT3") + count("LUT4") + count("LUT5") + count("LUT6");
    }

    /** LUTs used as memory: distributed RAM and shift registers. */
    public long memoryLuts() {
        long n = count("SRL16E") + count("SRLC32E");
        for (Map.Entry<String, Integer> e : LUTRAM.entrySet()) {
            n += count(e.getKey()) * e.getValue();
        }
        return n;
    }

    public long ff() {
        return count("FDRE") + count("FDSE") + count("FDCE") + count("FDPE") + count("LDCE") + count("LDPE");
    }

    public long bram18() {
        return count("RAMB18E1") + 2 * count("RAMB36E1");
    }

    public long dsp() {
        return count("DSP48E1");
    }

    /** The four resources of the estimates; LUT counts logic and memory LUTs. */
    public Resources resources() {
        return new Resources(bram18(), ff(), logicLuts() + memoryLuts(), dsp());
    }

    public CellCounts plus(CellCounts o) {
        Map<String, Long> m = new TreeMap<>(cells);
        o.cells.forEach((k, v) -> m.merge(k, v, Long::sum));
        return new CellCounts(m);
    }
}
