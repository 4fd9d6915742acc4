package dev.tailor.hardware.fpga;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FitTest {
    /**
     * Capacities from the vendor's product tables (Zynq-7000 DS190, Artix-7 DS180, Zynq UltraScale+
     * DS891, Alveo U250 DS962), where block RAM is given in 36 Kb blocks: two BRAM18 each.
     */
    @ParameterizedTest(name = "{0}: {1} BRAM36, {2} DSP, {3} FF, {4} LUT")
    @CsvSource({"xc7z020,140,220,106400,53200", "xc7a100t,135,240,126800,63400", "xczu7ev,312,1728,460800,230400",
            "xczu9eg,912,2520,548160,274080", "xcu250,2688,12288,3456000,1728000"})
    void partCapacitiesMatchTheDatasheets(String name, long bram36, long dsp, long ff, long lut) {
        FpgaPart p = PartChoice.parse(name).fixed();
        assertThat(p.capacity()).isEqualTo(new Resources(2 * bram36, ff, lut, dsp));
        assertThat(p.toString()).isEqualTo(name);
    }

    @Test
    void percentagesAndTheFitFlag() {
        // The ResNet-8 reference design: 611 BRAM18 on a part with 280.
        Fit f = Fit.of(new Resources(611, 36_624, 29_914, 136), FpgaPart.XC7Z020);
        assertThat(f.bram18Pct()).isCloseTo(100.0 * 611 / 280, within(1e-9));
        assertThat(f.dspPct()).isCloseTo(100.0 * 136 / 220, within(1e-9));
        assertThat(f.fits()).isFalse();
        // Exactly full fits; one DSP over does not.
        assertThat(Fit.of(new Resources(280, 106_400, 53_200, 220), FpgaPart.XC7Z020).fits()).isTrue();
        assertThat(Fit.of(new Resources(280, 106_400, 53_200, 221), FpgaPart.XC7Z020).fits()).isFalse();
    }

    @Test
    void autoPicksTheSmallestPartThatFits() {
        assertThat(PartChoice.AUTO.fit(new Resources(200, 1, 1, 1)).part()).isEqualTo(FpgaPart.XC7Z020);
        // 230 DSP: over the xc7z020's 220, within the xc7a100t's 240.
        assertThat(PartChoice.AUTO.fit(new Resources(200, 1, 1, 230)).part()).isEqualTo(FpgaPart.XC7A100T);
        // 275 BRAM18 and 230 DSP: the xc7a100t has only 270 BRAM18, so the next one up.
        assertThat(PartChoice.AUTO.fit(new Resources(275, 1, 1, 230)).part()).isEqualTo(FpgaPart.XCZU7EV);
        Fit none = PartChoice.AUTO.fit(new Resources(10_000, 1, 1, 1));
        assertThat(none.part()).isEqualTo(FpgaPart.XCU250);
        assertThat(none.fits()).isFalse();
        assertThat(PartChoice.of(FpgaPart.XC7Z020).fit(new Resources(200, 1, 1, 230)).fits()).isFalse();
    }

    @Test
    void partNamesParseInAnyCaseAndUnknownOnesSayWhatIsKnown() {
        assertThat(PartChoice.parse("XCZU9EG").fixed()).isEqualTo(FpgaPart.XCZU9EG);
        assertThat(PartChoice.parse("Auto").isAuto()).isTrue();
        assertThatThrownBy(() -> PartChoice.parse("xc9999")).hasMessage("unknown FPGA part 'xc9999' (known: auto, xc7z020, xc7a100t, "
                + "xczu7ev, xczu9eg, xcu250)");
    }
}
