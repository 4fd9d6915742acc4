package dev.tailor.data.keywords;

import dev.tailor.data.audio.FeatureSettings;
import dev.tailor.data.audio.Resampler;
import dev.tailor.data.audio.Wav;

import java.util.Random;

/**
 * Makes one planned utterance into a clip: espeak-ng's word resampled to the features' rate, its
 * silent ends trimmed (below 1 % of its peak), placed at its planned shift within the clip (a word
 * longer than the clip keeps its start), background noise added at the planned SNR relative to the
 * word's own mean power, the sum clipped to [-1, 1]. Threads may share one.
 */
public final class ClipMaker {
    private static final double TRIM = 0.01;

    /** espeak-ng's output rate. */
    static final int ESPEAK_RATE = 22_050;

    private final Espeak espeak;
    private final FeatureSettings features;
    private final Resampler fromEspeak;

    public ClipMaker(Espeak espeak, FeatureSettings features) {
        this.espeak = espeak;
        this.features = features;
        this.fromEspeak = new Resampler(ESPEAK_RATE, features.sampleRate());
    }

    public float[] make(Utterance u) {
        int n = features.clipSamples();
        float[] clip = new float[n];
        double noiseRms;
        if (u.silent()) {
            noiseRms = Math.pow(10, u.levelDb() / 20);
        } else {
            float[] word = trim(speech(u));
            int length = Math.min(word.length, n);
            int offset = (int) Math.min(n - length, Math.floor(u.shift() * (n - length + 1)));
            System.arraycopy(word, 0, clip, offset, length);
            double power = 0;
            for (int i = 0; i < length; i++) {
                power += (double) word[i] * word[i];
            }
            noiseRms = Math.sqrt(power / length / Math.pow(10, u.levelDb() / 10));
        }
        float[] noise = u.noise().samples(n, new Random(u.noiseSeed()));
        for (int i = 0; i < n; i++) {
            clip[i] = (float) Math.max(-1, Math.min(1, clip[i] + noiseRms * noise[i]));
        }
        return clip;
    }

    /** The word at the features' sample rate. */
    float[] speech(Utterance u) {
        Wav w = espeak.speak(u.speaker(), u.rate(), u.pitch(), u.amplitude(), u.word());
        float[] s = w.monoSamples();
        if (w.sampleRate() == features.sampleRate()) {
            return s;
        }
        return (w.sampleRate() == ESPEAK_RATE ? fromEspeak : new Resampler(w.sampleRate(), features.sampleRate())).apply(s);
    }

    static float[] trim(float[] s) {
        float peak = 0;
        for (float v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        int first = 0;
        int last = s.length - 1;
        while (first < last && Math.abs(s[first]) <= TRIM * peak) {
            first++;
        }
        while (last > first && Math.abs(s[last]) <= TRIM * peak) {
            last--;
        }
        return java.util.Arrays.copyOfRange(s, first, last + 1);
    }
}
