package dev.tailor.data.audio;

import dev.tailor.net.Shape;

import java.util.Locale;

/**
 * How a clip becomes a log-mel spectrogram of bytes: {@code clipSamples} samples at {@code sampleRate}
 * cut into Hann-windowed frames of {@code windowSamples} every {@code hopSamples} (no padding), each
 * frame's power spectrum (FFT of {@code fftSize}) summed into {@code melBands} mel bands between
 * {@code minHz} and {@code maxHz}, then {@code 10 log10} of the band energy mapped linearly from
 * [{@code dbFloor}, {@code dbCeiling}] to 0..255 (clipped). Power is scaled so that a full-scale sine at a
 * bin centre shows -6 dB in that bin.
 */
public record FeatureSettings(int sampleRate, int clipSamples, int windowSamples, int hopSamples, int fftSize, int melBands,
                              double minHz, double maxHz, double dbFloor, double dbCeiling) {
    public FeatureSettings {
        if (sampleRate <= 0 || windowSamples <= 0 || hopSamples <= 0 || clipSamples < windowSamples || windowSamples > fftSize
                || Integer.bitCount(fftSize) != 1 || melBands < 1 || !(dbFloor < dbCeiling)) {
            throw new IllegalArgumentException("inconsistent feature settings: " + describe(sampleRate, clipSamples, windowSamples,
                    hopSamples, fftSize, melBands, minHz, maxHz, dbFloor, dbCeiling));
        }
    }

    /** 1 s at 16 kHz, 25 ms windows every 10 ms, FFT 512, 64 mel bands 20 Hz to 8 kHz, -100..0 dB: 1 x 64 x 98. */
    public static FeatureSettings standard() {
        return new FeatureSettings(16_000, 16_000, 400, 160, 512, 64, 20, 8_000, -100, 0);
    }

    public int frames() {
        return 1 + (clipSamples - windowSamples) / hopSamples;
    }

    /** One channel, mel bands as height, frames as width. */
    public Shape shape() {
        return new Shape(1, melBands, frames());
    }

    /** Every setting, for folder names and files that must change when any does. */
    public String describe() {
        return describe(sampleRate, clipSamples, windowSamples, hopSamples, fftSize, melBands, minHz, maxHz, dbFloor, dbCeiling);
    }

    private static String describe(int rate, int clip, int window, int hop, int fft, int mels, double lo, double hi, double floor,
                                   double ceiling) {
        return String.format(Locale.ROOT, "rate=%d clip=%d window=%d hop=%d fft=%d mels=%d hz=%s..%s db=%s..%s", rate, clip, window,
                hop, fft, mels, lo, hi, floor, ceiling);
    }
}
