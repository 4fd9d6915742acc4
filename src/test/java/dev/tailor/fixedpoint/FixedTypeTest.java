package dev.tailor.fixedpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ap_fixed's conversion on hand-computed cases. ap_fixed<4,2> has 2 fraction bits (LSB 0.25) and
 * holds -2.0 .. 1.75 (raw -8 .. 7).
 */
class FixedTypeTest {
    private static FixedType q42(Rounding r, Overflow o) {
        return FixedType.of(4, 2).with(r, o);
    }

    @ParameterizedTest(name = "{0} -> TRN {1}, RND {2}")
    @CsvSource({
            "0.3, 0.25, 0.25",       // 1.2 LSB
            "0.375, 0.25, 0.5",      // tie at 1.5 LSB: RND goes up
            "-0.375, -0.5, -0.25",   // negative tie: TRN goes down, RND toward plus infinity
            "-0.3, -0.5, -0.25",     // truncation of a negative value is away from zero
            "-0.125, -0.25, 0.0",    // negative half LSB: RND to zero
            "1.25, 1.25, 1.25"})     // exact values stay
    void roundingModes(double in, double trn, double rnd) {
        assertThat(value(q42(Rounding.TRN, Overflow.SAT), in)).isEqualTo(trn);
        assertThat(value(q42(Rounding.RND, Overflow.SAT), in)).isEqualTo(rnd);
    }

    @ParameterizedTest(name = "{0} -> WRAP {1}, SAT {2}")
    @CsvSource({
            "5.0, 1.0, 1.75",        // raw 20: low 4 bits 0100
            "2.0, -2.0, 1.75",       // raw 8 wraps to the most negative value
            "-2.25, 1.75, -2.0",     // raw -9 wraps to the most positive
            "-2.0, -2.0, -2.0",      // the minimum is representable
            "1.875, 1.75, 1.75"})    // TRN first, then overflow: no carry
    void overflowModes(double in, double wrap, double sat) {
        assertThat(value(q42(Rounding.TRN, Overflow.WRAP), in)).isEqualTo(wrap);
        assertThat(value(q42(Rounding.TRN, Overflow.SAT), in)).isEqualTo(sat);
    }

    @Test
    void roundingCarryCanOverflow() {
        // 1.875 is 7.5 LSB: AP_RND makes it 8, which is out of range.
        assertThat(value(q42(Rounding.RND, Overflow.WRAP), 1.875)).isEqualTo(-2.0);
        assertThat(value(q42(Rounding.RND, Overflow.SAT), 1.875)).isEqualTo(1.75);
    }

    @Test
    void unsignedTypes() {
        FixedType u = new FixedType(4, 2, false, Rounding.TRN, Overflow.SAT);
        assertThat(value(u, -0.5)).isEqualTo(0.0);
        assertThat(value(u, 5.0)).isEqualTo(3.75);
        assertThat(value(u.with(Rounding.TRN, Overflow.WRAP), -0.5)).as("raw -2 wraps to 14").isEqualTo(3.5);
    }

    @Test
    void accumulatorWrapIsModularButSaturationDependsOnOrder() {
        FixedType acc = FixedType.of(8, 4); // LSB 1/16, range -8 .. 7.9375
        long five = acc.fromDouble(5);
        long four = acc.fromDouble(4);
        long minusFour = acc.fromDouble(-4);
        long wrapped = acc.add(acc.add(five, four), minusFour);
        assertThat(acc.toDouble(acc.add(five, four))).isEqualTo(-7.0);
        assertThat(acc.toDouble(wrapped)).as("wrap-around comes back: the true sum").isEqualTo(5.0);
        FixedType sat = acc.with(Rounding.TRN, Overflow.SAT);
        assertThat(sat.toDouble(sat.add(sat.add(five, four), minusFour))).isEqualTo(3.9375);
        assertThat(sat.toDouble(sat.add(sat.add(five, minusFour), four))).isEqualTo(5.0);
    }

    @Test
    void convertsFromAnyScale() {
        FixedType t = FixedType.of(8, 2); // F = 6, range -2 .. 1.984375
        assertThat(t.convert(3, 0)).as("3.0 wraps: 192 -> -64").isEqualTo(-64);
        assertThat(t.with(Rounding.TRN, Overflow.SAT).convert(3, 0)).isEqualTo(127);
        assertThat(t.with(Rounding.TRN, Overflow.SAT).convert(-3, 0)).isEqualTo(-128);
        assertThat(t.convert(1, -70)).as("2^70 wraps to 0").isZero();
        assertThat(t.with(Rounding.TRN, Overflow.SAT).convert(1, -70)).isEqualTo(127);
        assertThat(t.convert(-1, -3)).as("-8.0 has low bits 0").isZero();
        assertThat(t.convert(5, 9)).as("5/512 is 0.625 LSB").isZero();
        assertThat(t.with(Rounding.RND, Overflow.WRAP).convert(5, 9)).isEqualTo(1);
        assertThat(t.convert(-1, 200)).as("a tiny negative value truncates to -1 LSB").isEqualTo(-1);
        assertThat(t.with(Rounding.RND, Overflow.WRAP).convert(-1, 200)).isZero();
        assertThat(t.convert(Long.MIN_VALUE, 63)).as("-1.0").isEqualTo(-64);
    }

    @Test
    void fromDoubleIsExact() {
        FixedType wide = FixedType.of(62, 2);
        assertThat(wide.fromDouble(0.1)).as("0.1's binary value, floored to 60 fraction bits")
                .isEqualTo(new java.math.BigDecimal(0.1).multiply(java.math.BigDecimal.valueOf(2).pow(60)).longValue());
        assertThat(FixedType.of(16, 16).fromDouble(Double.MIN_VALUE)).isZero();
        assertThat(FixedType.of(16, 16).fromDouble(-Double.MIN_VALUE)).isEqualTo(-1);
        assertThatThrownBy(() -> wide.fromDouble(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeStrings() {
        assertThat(TypeSyntax.parse("ap_fixed<8,3>")).isEqualTo(FixedType.of(8, 3));
        assertThat(TypeSyntax.parse("fixed<16,6,RND,SAT>")).isEqualTo(FixedType.of(16, 6).with(Rounding.RND, Overflow.SAT));
        assertThat(TypeSyntax.parse(" ap_ufixed<8, 0, AP_RND, AP_SAT, 0> "))
                .isEqualTo(new FixedType(8, 0, false, Rounding.RND, Overflow.SAT));
        assertThat(TypeSyntax.parse("ap_fixed<8,-2>").fraction()).isEqualTo(10);
        assertThat(TypeSyntax.parse("ap_int<8>")).isEqualTo(FixedType.of(8, 8));
        assertThat(TypeSyntax.parse("uint<4>").signed()).isFalse();
        for (FixedType t : new FixedType[]{FixedType.of(8, 3), FixedType.of(8, 3).with(Rounding.RND, Overflow.SAT),
                new FixedType(6, 1, false, Rounding.TRN, Overflow.SAT)}) {
            assertThat(TypeSyntax.parse(t.toString())).isEqualTo(t);
        }
        assertThat(FixedType.of(8, 3).with(Rounding.TRN, Overflow.SAT)).hasToString("ap_fixed<8,3,AP_TRN,AP_SAT>");
        assertThatThrownBy(() -> TypeSyntax.parse("ap_fixed<8,3,AP_RND_CONV>")).hasMessageContaining("AP_TRN or AP_RND");
        assertThatThrownBy(() -> TypeSyntax.parse("float")).hasMessageContaining("not a fixed-point type");
        assertThatThrownBy(() -> TypeSyntax.parse("ap_fixed<8,12>")).hasMessageContaining("fraction bits");
        assertThatThrownBy(() -> TypeSyntax.parse("ap_fixed<70,3>")).hasMessageContaining("width 70");
    }

    private static double value(FixedType t, double v) {
        return t.toDouble(t.fromDouble(v));
    }
}
