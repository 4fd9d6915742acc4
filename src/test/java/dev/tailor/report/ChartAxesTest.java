package dev.tailor.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The trade-off charts' axes hug the points, so that differences between runs are visible. */
class ChartAxesTest {
    @Test
    void anAxisSpansThePointsWithATenthOfTheirSpreadEachSide() {
        // DRAM traffic of 0.0753 to 0.0779 MB: the axis runs 0.07504 to 0.07816, not 0 to 0.08.
        double[] r = Charts.fitted(new double[]{0.0779, 0.0753, 0.0779});
        assertThat(r[0]).isCloseTo(0.07504, within(1e-9));
        assertThat(r[1]).isCloseTo(0.07816, within(1e-9));
        // One value: 5 % of it each side; never below zero for non-negative values.
        assertThat(Charts.fitted(new double[]{200})).containsExactly(190, 210);
        assertThat(Charts.fitted(new double[]{0, 100})[0]).isZero();
        assertThat(Charts.fitted(new double[]{-2, 2})).containsExactly(-2.4, 2.4);
    }
}
