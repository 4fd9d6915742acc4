package dev.tailor.data.keywords;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The speakers: espeak-ng's eight built-in English voices (the MBROLA ones need another package)
 * times sixteen of its voice variants, 128 in all; and their seeded split into train, validation and
 * test speakers, so that no speaker is in two parts.
 */
public final class Speakers {
    private Speakers() {
    }

    public static final List<String> VOICES = List.of("en", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd",
            "en-029", "en-us-nyc");
    public static final List<String> VARIANTS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3", "f4", "f5",
            "croak", "klatt", "klatt3");

    /** Every voice with every variant, voice-major. */
    public static List<Speaker> all() {
        List<Speaker> s = new ArrayList<>();
        for (String v : VOICES) {
            for (String variant : VARIANTS) {
                s.add(new Speaker(v, variant));
            }
        }
        return s;
    }

    /** At least one speaker in each part, no more than there are. */
    static void requireCounts(int count, int validation, int test) {
        int available = VOICES.size() * VARIANTS.size();
        if (count > available || validation < 1 || test < 1 || validation + test >= count) {
            throw new IllegalArgumentException(count + " speakers (" + validation + " validation, " + test + " test) of " + available);
        }
    }

    /** Speakers of each part, in the order their utterances are made. */
    public record Split(List<Speaker> train, List<Speaker> validation, List<Speaker> test) {
        public List<Speaker> of(CorpusPart part) {
            return switch (part) {
                case TRAIN -> train;
                case VALIDATION -> validation;
                case TEST -> test;
            };
        }
    }

    /** {@code count} speakers drawn (seeded) from {@link #all()}: the first {@code test} for test, the next {@code validation} for validation. */
    public static Split split(int count, int validation, int test, Random rng) {
        requireCounts(count, validation, test);
        List<Speaker> pool = all();
        Collections.shuffle(pool, rng);
        return new Split(List.copyOf(pool.subList(validation + test, count)), List.copyOf(pool.subList(test, test + validation)),
                List.copyOf(pool.subList(0, test)));
    }
}
