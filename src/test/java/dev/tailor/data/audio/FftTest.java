package dev.tailor.data.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FftTest {
    @Test
    void matchesANaiveDftAtEverySize() {
        Random rng = new Random(3);
        for (int n = 2; n <= 512; n *= 2) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = rng.nextGaussian();
                im[i] = rng.nextGaussian();
            }
            double[] dftRe = new double[n];
            double[] dftIm = new double[n];
            for (int k = 0; k < n; k++) {
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * k * t / n;
                    dftRe[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                    dftIm[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                }
            }
            new Fft(n).forward(re, im);
            for (int k = 0; k < n; k++) {
                assertThat(re[k]).as("n=%d k=%d", n, k).isCloseTo(dftRe[k], within(1e-9 * n));
                assertThat(im[k]).as("n=%d k=%d", n, k).isCloseTo(dftIm[k], within(1e-9 * n));
            }
        }
    }

    @Test
    void inverseUndoesForward() {
        Random rng = new Random(5);
        double[] re = rng.doubles(64).toArray();
        double[] im = rng.doubles(64).toArray();
        double[] re0 = re.clone();
        double[] im0 = im.clone();
        Fft fft = new Fft(64);
        fft.forward(re, im);
        fft.inverse(re, im);
        for (int i = 0; i < 64; i++) {
            assertThat(re[i]).isCloseTo(re0[i], within(1e-12));
            assertThat(im[i]).isCloseTo(im0[i], within(1e-12));
        }
    }

    @Test
    void refusesSizesThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> new Fft(400)).hasMessageContaining("power of two");
    }
}
