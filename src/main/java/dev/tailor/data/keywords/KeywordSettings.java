package dev.tailor.data.keywords;

import dev.tailor.data.audio.FeatureSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What the generated keyword corpus is: its speakers and their split, how many utterances each says,
 * the random ranges of the synthesis and the noise, and the features. Made from a preset
 * ({@link #standard()}, {@link #tiny()}) and changed through {@link #toBuilder()}.
 *
 * @param seed                the one seed every random choice comes from
 * @param speakers            how many of the 128 voice+variant speakers are used
 * @param perSpeakerAndClass  utterances each speaker makes of each class
 * @param rate                espeak-ng speaking rate, words per minute (-s)
 * @param pitch               espeak-ng pitch, 0..99 (-p)
 * @param amplitude           espeak-ng amplitude, 0..200 (-a)
 * @param snrDb               signal-to-noise ratio of the added background noise, dB
 * @param silenceDb           level of the silence class's noise, dB of full scale (RMS)
 */
public record KeywordSettings(long seed, int speakers, int validationSpeakers, int testSpeakers, int perSpeakerAndClass, Range rate,
                              Range pitch, Range amplitude, Range snrDb, Range silenceDb, FeatureSettings features) {
    /** Bump when the generator changes what the same settings make, so that old caches are not reused. */
    static final int GENERATOR_VERSION = 1;

    /** An inclusive range drawn from uniformly. */
    public record Range(double min, double max) {
        public Range {
            if (!(min <= max)) {
                throw new IllegalArgumentException("range " + min + ".." + max);
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s..%s", min, max);
        }
    }

    public KeywordSettings {
        Speakers.requireCounts(speakers, validationSpeakers, testSpeakers);
        if (perSpeakerAndClass < 1) {
            throw new IllegalArgumentException("perSpeakerAndClass must be positive, got " + perSpeakerAndClass);
        }
    }

    /** 128 speakers (102 train, 13 validation, 13 test), 6 utterances of each class each: 9,216 utterances, 768 per class. */
    public static KeywordSettings standard() {
        return new Builder().build();
    }

    /** 6 speakers (4 train, 1 validation, 1 test), one utterance of each class each: 72 utterances, for tests. */
    public static KeywordSettings tiny() {
        return new Builder().speakers(6, 1, 1).perSpeakerAndClass(1).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public int utterances() {
        return speakers * perSpeakerAndClass * KeywordClasses.count();
    }

    /** Every setting, one per line, as written beside the cache. */
    public String describe() {
        return "generator " + GENERATOR_VERSION + "\nseed " + seed + "\nspeakers " + speakers + " (validation " + validationSpeakers + ", test "
                + testSpeakers + ")\nper speaker and class " + perSpeakerAndClass + "\nrate " + rate + "\npitch " + pitch + "\namplitude "
                + amplitude + "\nsnr dB " + snrDb + "\nsilence dB " + silenceDb + "\nfeatures " + features.describe() + "\nvoices "
                + String.join(",", Speakers.VOICES) + "\nvariants " + String.join(",", Speakers.VARIANTS) + "\nclasses "
                + String.join(",", KeywordClasses.NAMES) + "\nother words " + String.join(",", KeywordClasses.OTHER_WORDS) + "\n";
    }

    /** A folder name that changes with every setting: the main ones readable, all of them in the hash. */
    public String folderName() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(describe().getBytes(StandardCharsets.UTF_8));
            return "keywords-" + speakers + "spk-" + perSpeakerAndClass + "each-seed" + seed + "-" + features.shape() + "-"
                    + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private long seed = 1;
        private int speakers = 128;
        private int validationSpeakers = 13;
        private int testSpeakers = 13;
        private int perSpeakerAndClass = 6;
        private Range rate = new Range(110, 230);
        private Range pitch = new Range(20, 80);
        private Range amplitude = new Range(40, 160);
        private Range snrDb = new Range(5, 40);
        private Range silenceDb = new Range(-70, -30);
        private FeatureSettings features = FeatureSettings.standard();

        private Builder() {
        }

        private Builder(KeywordSettings s) {
            seed = s.seed;
            speakers = s.speakers;
            validationSpeakers = s.validationSpeakers;
            testSpeakers = s.testSpeakers;
            perSpeakerAndClass = s.perSpeakerAndClass;
            rate = s.rate;
            pitch = s.pitch;
            amplitude = s.amplitude;
            snrDb = s.snrDb;
            silenceDb = s.silenceDb;
            features = s.features;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder speakers(int total, int validation, int test) {
            speakers = total;
            validationSpeakers = validation;
            testSpeakers = test;
            return this;
        }

        public Builder perSpeakerAndClass(int v) {
            perSpeakerAndClass = v;
            return this;
        }

        public Builder rate(double min, double max) {
            rate = new Range(min, max);
            return this;
        }

        public Builder pitch(double min, double max) {
            pitch = new Range(min, max);
            return this;
        }

        public Builder amplitude(double min, double max) {
            amplitude = new Range(min, max);
            return this;
        }

        public Builder snrDb(double min, double max) {
            snrDb = new Range(min, max);
            return this;
        }

        public Builder silenceDb(double min, double max) {
            silenceDb = new Range(min, max);
            return this;
        }

        public Builder features(FeatureSettings v) {
            features = v;
            return this;
        }

        public KeywordSettings build() {
            return new KeywordSettings(seed, speakers, validationSpeakers, testSpeakers, perSpeakerAndClass, rate, pitch, amplitude, snrDb,
                    silenceDb, features);
        }
    }
}
