package dev.tailor.fixedpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Weights go through hls4ml's writer: printed with F decimals, then converted by the type's own
 * modes. With 3 fraction bits (ap_fixed<8,5>, LSB 0.125) the printed value has 3 decimals.
 */
class WeightWriterTest {
    @ParameterizedTest(name = "{0} prints as {1}: TRN {2}, RND {3}")
    @CsvSource({
            "0.37499, 0.375, 0.375, 0.375",    // prints as a grid point: truncation keeps it (a plain floor gives 0.25)
            "0.3744, 0.374, 0.25, 0.375",      // below the grid point even after printing
            "0.0625, 0.062, 0.0, 0.0",         // a decimal tie prints to even, so AP_RND does not round it up to 0.125
            "-0.3001, -0.300, -0.375, -0.25",
            "-0.37499, -0.375, -0.375, -0.375",
            "0.875, 0.875, 0.875, 0.875"})
    void printedThenConverted(float w, String printed, double trn, double rnd) {
        FixedType t = FixedType.of(8, 5);
        assertThat(t.toDouble(WeightWriter.quantize(w, t))).isEqualTo(trn);
        assertThat(t.toDouble(WeightWriter.quantize(w, t.with(Rounding.RND, Overflow.WRAP)))).isEqualTo(rnd);
        assertThat(new java.math.BigDecimal(w).setScale(3, java.math.RoundingMode.HALF_EVEN).toPlainString()).isEqualTo(printed);
    }

    @org.junit.jupiter.api.Test
    void exactDecimalsReadBackToTheSameValue() {
        FixedType t = FixedType.of(8, 3);
        assertThat(t.toDecimal(-3)).isEqualTo("-0.09375");
        assertThat(t.toDecimal(127)).isEqualTo("3.96875");
        for (long raw = t.minRaw(); raw <= t.maxRaw(); raw++) {
            assertThat(WeightWriter.quantize(Float.parseFloat(t.toDecimal(raw)), t)).isEqualTo(raw);
        }
        assertThat(FixedType.of(16, 16).toDecimal(-5)).isEqualTo("-5");
    }

    /** -2.3 prints as -2.30 = -9.2 LSBs: truncated to -10, which wraps to 6. */
    @ParameterizedTest(name = "{0} in ap_fixed<4,2>: WRAP {1}, SAT {2}")
    @CsvSource({"5.1, 1.0, 1.75", "-2.3, 1.5, -2.0", "1e30, 0.0, 1.75", "-1e30, 0.0, -2.0"})
    void overflowAfterPrinting(float w, double wrap, double sat) {
        FixedType t = FixedType.of(4, 2);
        assertThat(t.toDouble(WeightWriter.quantize(w, t))).isEqualTo(wrap);
        assertThat(t.toDouble(WeightWriter.quantize(w, t.with(Rounding.TRN, Overflow.SAT)))).isEqualTo(sat);
    }
}
