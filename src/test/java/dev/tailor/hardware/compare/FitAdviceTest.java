package dev.tailor.hardware.compare;

import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.PartChoice;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line that says a design does not fit its part, and which estimated change would make it fit. */
class FitAdviceTest {
    private static final NetSpec RESNET8 = ModelZoo.build("resnet8");

    private static List<VariantEstimate> rows(HardwareConfig cfg) {
        HardwareEstimator e = new HardwareEstimator(cfg);
        return List.of(e.estimate("long", RESNET8), e.estimate("none", RESNET8.withAllSkips(SkipMode.NONE)));
    }

    @Test
    void defaultFifosOnTheSmallPartSayWhatFits() {
        HardwareConfig cfg = new HardwareConfig(DataflowConfig.reference(), null, PartChoice.of(FpgaPart.XC7Z020));
        List<VariantEstimate> rows = rows(cfg);
        assertThat(rows).allSatisfy(r -> assertThat(r.fit().fits()).isFalse());
        String line = FitAdvice.line(rows, cfg);
        HardwareConfig optimized = new HardwareConfig(DataflowConfig.reference().withFifoMode(DataflowConfig.FifoMode.OPTIMIZED), null,
                PartChoice.of(FpgaPart.XC7Z020));
        List<VariantEstimate> alt = rows(optimized);
        assertThat(alt).allSatisfy(r -> assertThat(r.fit().fits()).isTrue());
        assertThat(line).startsWith("note: no design fits xc7z020 (long BRAM18 ").contains("with --fifo optimized",
                "long needs " + alt.get(0).dataflow().total().bram18() + " BRAM18", "none needs " + alt.get(1).dataflow().total().bram18()
                        + " BRAM18", "and fits", "--part auto picks " + PartChoice.AUTO.fit(rows.get(0).dataflow().total()).part())
                .endsWith("\n");
        // The original's whole-map FIFOs also take more LUTs than the part has: the line names the option that trades them for II.
        assertThat(rows.get(0).fit().lutPct()).isGreaterThan(100);
        assertThat(line).contains("a larger --reuse uses fewer DSP and LUT");
        assertThat(line.strip()).doesNotContain("\n");
        // Designs that fit get no line.
        assertThat(FitAdvice.line(alt, optimized)).isEmpty();
    }
}
