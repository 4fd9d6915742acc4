package dev.tailor.data.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NoiseColorTest {
    /** Power below 500 Hz over power above 4 kHz, at 16 kHz. */
    private static double lowOverHigh(float[] s) {
        Fft fft = new Fft(s.length);
        double[] re = new double[s.length];
        double[] im = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            re[i] = s[i];
        }
        fft.forward(re, im);
        double low = 0;
        double high = 0;
        for (int k = 1; k < s.length / 2; k++) {
            double f = k * 16_000.0 / s.length;
            double p = re[k] * re[k] + im[k] * im[k];
            if (f < 500) {
                low += p;
            } else if (f > 4_000) {
                high += p;
            }
        }
        return low / high;
    }

    @Test
    void unitRmsSeededAndColoured() {
        for (NoiseColor c : NoiseColor.values()) {
            float[] s = c.samples(16_000, new Random(1));
            double q = 0;
            for (float v : s) {
                q += v * v;
            }
            assertThat(Math.sqrt(q / s.length)).as(c.label()).isCloseTo(1.0, within(1e-4));
            assertThat(c.samples(16_000, new Random(1))).isEqualTo(s);
            assertThat(c.samples(16_000, new Random(2))).isNotEqualTo(s);
        }
        // White noise: 500 Hz of band against 4 kHz; pink and brown lean ever more to the low end.
        double white = lowOverHigh(NoiseColor.WHITE.samples(16_384, new Random(3)));
        double pink = lowOverHigh(NoiseColor.PINK.samples(16_384, new Random(3)));
        double brown = lowOverHigh(NoiseColor.BROWN.samples(16_384, new Random(3)));
        assertThat(white).isBetween(0.1, 0.15);
        assertThat(pink).isGreaterThan(2 * white);
        assertThat(brown).isGreaterThan(10 * pink);
    }
}
