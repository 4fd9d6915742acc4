package dev.tailor.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Student's t against published values (scipy.stats.t, the usual t tables) and the paired comparison. */
class StatsTest {

    @ParameterizedTest(name = "t({0}, df {1}) = {2}")
    @CsvSource({
            "0.975, 1, 12.706204736174694",
            "0.975, 2, 4.302652729749462",
            "0.975, 3, 3.1824463052837078",
            "0.975, 4, 2.7764451051977934",
            "0.975, 9, 2.262157162798205",
            "0.975, 29, 2.045229642132703",
            "0.975, 1000, 1.9623390808264083",
            "0.995, 5, 4.032142983555228",
            "0.95, 10, 1.8124611228116756",
            "0.025, 4, -2.7764451051977934",
            "0.5, 3, 0"})
    void quantileMatchesTables(double p, int df, double expected) {
        assertThat(StudentT.quantile(p, df)).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void cdfMatchesScipyAndIsSymmetric() {
        assertThat(StudentT.cdf(-2.0, 3)).isCloseTo(0.06966298427942152, within(1e-12));
        assertThat(StudentT.cdf(1.5, 7)).isCloseTo(0.911350756505015, within(1e-12));
        assertThat(StudentT.cdf(0.3, 1)).isCloseTo(0.5927735790777423, within(1e-12));
        assertThat(StudentT.cdf(1.7, 6) + StudentT.cdf(-1.7, 6)).isCloseTo(1, within(1e-14));
        // df 1 is the Cauchy distribution: 1/2 + atan(t)/pi.
        assertThat(StudentT.cdf(3.0, 1)).isCloseTo(0.5 + Math.atan(3.0) / Math.PI, within(1e-13));
    }

    @Test
    void quantileApproachesTheNormal() {
        assertThat(StudentT.quantile(0.975, 100_000)).isCloseTo(1.959963984540054, within(1e-4));
        assertThat(StudentT.quantile(0.975, 30)).isGreaterThan(StudentT.quantile(0.975, 60));
    }

    @Test
    void refusesWhatHasNoQuantile() {
        assertThatThrownBy(() -> StudentT.quantile(1.0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StudentT.quantile(0.9, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spreadUsesTheSampleStandardDeviation() {
        Spread s = Spread.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(Spread.of(0.9).sd()).isNaN();
    }

    @Test
    void pairedDifferenceGivesMeanIntervalAndWins() {
        PairedDifference d = PairedDifference.of(new double[]{0.91, 0.92, 0.90, 0.88}, new double[]{0.90, 0.90, 0.91, 0.88}, 0.95);
        assertThat(d.n()).isEqualTo(4);
        assertThat(new int[]{d.winsA(), d.winsB(), d.ties()}).containsExactly(2, 1, 1);
        // The first three pairs against scipy: mean 0.00667, interval [-0.03128, 0.04461] with t(0.975, 2).
        PairedDifference three = PairedDifference.of(new double[]{0.91, 0.92, 0.90}, new double[]{0.90, 0.90, 0.91}, 0.95);
        assertThat(three.mean()).isCloseTo(0.006666666666666665, within(1e-12));
        assertThat(three.low()).isCloseTo(-0.03127916366930093, within(1e-12));
        assertThat(three.high()).isCloseTo(0.04461249700263427, within(1e-12));
        assertThat(three.excludesZero()).isFalse();
        PairedDifference clear = PairedDifference.of(new double[]{0.95, 0.96, 0.97}, new double[]{0.90, 0.90, 0.90}, 0.95);
        assertThat(clear.excludesZero()).isTrue();
        assertThat(clear.winsA()).isEqualTo(3);
    }

    @Test
    void onePairHasNoInterval() {
        PairedDifference d = PairedDifference.of(new double[]{0.9}, new double[]{0.8}, 0.95);
        assertThat(d.mean()).isCloseTo(0.1, within(1e-12));
        assertThat(d.low()).isNaN();
        assertThat(d.excludesZero()).isFalse();
    }
}
