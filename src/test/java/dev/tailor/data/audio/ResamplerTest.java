package dev.tailor.data.audio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResamplerTest {
    private static float[] sine(double hz, int rate, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** The frequency (in Hz, to 1 Hz) with the most power in the middle of the signal, by a direct DFT scan. */
    private static double peakFrequency(float[] s, int rate) {
        int from = s.length / 4;
        int n = s.length / 2;
        double best = -1;
        double bestHz = 0;
        for (double hz = 100; hz < rate / 2.0; hz += 1) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * hz * i / rate;
                re += s[from + i] * Math.cos(a);
                im += s[from + i] * Math.sin(a);
            }
            double p = re * re + im * im;
            if (p > best) {
                best = p;
                bestHz = hz;
            }
        }
        return bestHz;
    }

    private static double rms(float[] s) {
        double q = 0;
        for (int i = s.length / 4; i < 3 * s.length / 4; i++) {
            q += s[i] * s[i];
        }
        return Math.sqrt(q / (s.length / 2));
    }

    @Test
    void aSineKeepsItsFrequencyAndLevel() {
        Resampler r = new Resampler(22_050, 16_000);
        float[] out = r.apply(sine(1_234, 22_050, 4_410));
        assertThat(out).hasSize(3_200);
        assertThat(peakFrequency(out, 16_000)).isCloseTo(1_234, within(2.0));
        assertThat(rms(out)).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
    }

    @Test
    void aToneAboveTheNewNyquistFrequencyIsRemovedNotFolded() {
        float[] out = new Resampler(22_050, 16_000).apply(sine(10_000, 22_050, 4_410));
        assertThat(rms(out)).isLessThan(0.005);
    }

    @Test
    void upsamplingKeepsTheFrequencyToo() {
        float[] out = new Resampler(8_000, 16_000).apply(sine(440, 8_000, 2_000));
        assertThat(out).hasSize(4_000);
        assertThat(peakFrequency(out, 16_000)).isCloseTo(440, within(2.0));
    }
}
