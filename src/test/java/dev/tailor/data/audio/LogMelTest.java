package dev.tailor.data.audio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogMelTest {
    private final FeatureSettings settings = FeatureSettings.standard();
    private final LogMel logMel = new LogMel(settings);

    @Test
    void shapeIsOneByBandsByFrames() {
        assertThat(settings.frames()).isEqualTo(98);
        assertThat(settings.shape()).hasToString("1x64x98");
        assertThat(logMel.bytes(new float[16_000])).hasSize(64 * 98);
    }

    @Test
    void aToneLightsTheBandAtItsFrequencyAtTheDocumentedLevel() {
        MelFilterbank mel = new MelFilterbank(64, 512, 16_000, 20, 8_000);
        int band = 40;
        double hz = mel.centre(band);
        float[] clip = new float[16_000];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) Math.sin(2 * Math.PI * hz * i / 16_000);
        }
        double[][] db = logMel.decibels(clip);
        for (int b = 0; b < 64; b++) {
            if (Math.abs(b - band) > 2) {
                assertThat(db[b][50]).as("band %d", b).isLessThan(db[band][50] - 20);
            }
        }
        // A full-scale sine puts a quarter of its power in its bin (-6 dB); the Hann window's main lobe spills half
        // as much again into the neighbouring bins, which the band also sums: about -4 dB.
        assertThat(db[band][50]).isBetween(-6.0, -3.0);
        assertThat(logMel.decibels(new float[16_000])[0][0]).isEqualTo(-200, within(1e-9));
        byte[] bytes = logMel.bytes(clip);
        assertThat(bytes[band * 98 + 50] & 0xff).isGreaterThan(230);
        assertThat(logMel.bytes(new float[16_000])[0]).isZero();
    }
}
