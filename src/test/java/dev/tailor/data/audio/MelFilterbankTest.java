package dev.tailor.data.audio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MelFilterbankTest {
    private final MelFilterbank mel = new MelFilterbank(64, 512, 16_000, 20, 8_000);

    @Test
    void shapeAndCentres() {
        assertThat(mel.bands()).isEqualTo(64);
        assertThat(mel.bins()).isEqualTo(257);
        assertThat(mel.centre(0)).isBetween(20.0, 60.0);
        assertThat(mel.centre(63)).isBetween(7_000.0, 8_000.0);
        for (int b = 1; b < 64; b++) {
            assertThat(mel.centre(b)).isGreaterThan(mel.centre(b - 1));
            // Evenly spaced in mel.
            assertThat(MelFilterbank.mel(mel.centre(b)) - MelFilterbank.mel(mel.centre(b - 1)))
                    .isCloseTo(MelFilterbank.mel(mel.centre(1)) - MelFilterbank.mel(mel.centre(0)), within(1e-6));
        }
    }

    @Test
    void everyBandSeesSomeBinsAndTheWeightsSumToOneBetweenTheOuterCentres() {
        for (int b = 0; b < 64; b++) {
            double s = 0;
            for (int k = 0; k < 257; k++) {
                assertThat(mel.weight(b, k)).isBetween(0.0, 1.0);
                s += mel.weight(b, k);
            }
            assertThat(s).as("band %d", b).isGreaterThan(0);
        }
        for (int k = 0; k < 257; k++) {
            double f = k * 16_000.0 / 512;
            double s = 0;
            for (int b = 0; b < 64; b++) {
                s += mel.weight(b, k);
            }
            if (f >= mel.centre(0) && f <= mel.centre(63)) {
                assertThat(s).as("bin %d (%.1f Hz)", k, f).isCloseTo(1.0, within(1e-9));
            } else if (f < 20 || f > 8_000) {
                assertThat(s).as("bin %d (%.1f Hz)", k, f).isZero();
            }
        }
    }

    @Test
    void melScaleRoundTrips() {
        assertThat(MelFilterbank.mel(1000)).isCloseTo(1000, within(0.5));
        assertThat(MelFilterbank.hz(MelFilterbank.mel(4321))).isCloseTo(4321, within(1e-6));
    }
}
