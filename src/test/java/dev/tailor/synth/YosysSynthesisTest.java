package dev.tailor.synth;

import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.rtl.RtlDesign;
import dev.tailor.rtl.RtlWriter;
import dev.tailor.rtl.TinyDesigns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Yosys synthesizes one stage of a generated design, and the counts read are the ones Yosys printed. */
class YosysSynthesisTest {
    @Test
    void oneConvStageIsSynthesizedAndItsCountsReadAsPrinted(@TempDir Path dir) throws Exception {
        RtlDesign d = RtlDesign.of(TinyDesigns.network(TinyDesigns.Wiring.LONG.spec(), TinyDesigns.narrow(Rounding.TRN, Overflow.WRAP), 3),
                TinyDesigns.dataflow(DataflowConfig.FifoMode.OPTIMIZED));
        Path out = dir.resolve("design");
        RtlWriter.write(d, out);
        String module = "stage_stage1_block1_conv1";
        YosysSynthesis.Result r = YosysSynthesis.run(out, RtlWriter.VERILOG, module, YosysSynthesis.TOOL, 600);
        CellCounts read = r.modules().get(module);
        assertThat(read).isNotNull();
        assertThat(read.cells()).isEqualTo(printed(Files.readString(out.resolve(YosysSynthesis.LOG)), module));
        Resources res = read.resources();
        // A 3x3 conv of 4 channels with line buffers, a window and a MAC: flip-flops and LUTs, and its multiplier somewhere.
        assertThat(res.ff()).isGreaterThan(100);
        assertThat(res.lut()).isGreaterThan(50);
        assertThat(res.dsp() + read.logicLuts()).isPositive();
        assertThat(r.design().resources()).isEqualTo(res); // one module, no submodules
    }

    /** The cell counts of one module as the text of Yosys's {@code stat} printed them (the last such section in the log). */
    private static Map<String, Long> printed(String log, String module) {
        int at = log.lastIndexOf("=== " + module + " ===");
        assertThat(at).as("the log prints the module's statistics").isNotNegative();
        String section = log.substring(at, log.indexOf("===", at + 4 + module.length() + 4) < 0 ? log.length()
                : log.indexOf("===", at + 4 + module.length() + 4));
        Map<String, Long> m = new HashMap<>();
        Matcher x = Pattern.compile("(?m)^\\s{5}([A-Z][A-Za-z0-9_]*)\\s+(\\d+)\\s*$").matcher(section);
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2)));
        }
        assertThat(m).isNotEmpty();
        return m;
    }

    @Test
    void cellsBecomeTheEstimatesResources() {
        Map<String, Long> cells = new HashMap<>(Map.of("LUT6", 5L, "LUT2", 1L, "RAM32M", 2L, "SRL16E", 3L, "FDRE", 7L, "FDSE", 1L));
        cells.putAll(Map.of("RAMB36E1", 1L, "RAMB18E1", 1L, "DSP48E1", 2L, "IBUF", 9L, "CARRY4", 4L));
        CellCounts c = new CellCounts(cells);
        assertThat(c.logicLuts()).isEqualTo(6);
        assertThat(c.memoryLuts()).isEqualTo(2 * 4 + 3);
        assertThat(c.resources()).isEqualTo(new Resources(3, 8, 17, 2));
        assertThat(c.plus(c).resources()).isEqualTo(new Resources(6, 16, 34, 4));
        assertThat(List.copyOf(c.cells().keySet())).isSorted();
    }
}
