package dev.tailor.data.keywords;

import dev.tailor.data.audio.NoiseColor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The whole corpus drawn from the settings' seed, before any sound is made: which speakers are in
 * which part, and for each part every speaker's utterances of every class, speaker by speaker.
 */
public record CorpusPlan(Speakers.Split speakers, Map<CorpusPart, List<Utterance>> parts) {

    public static CorpusPlan of(KeywordSettings s) {
        Random rng = new Random(s.seed());
        Speakers.Split split = Speakers.split(s.speakers(), s.validationSpeakers(), s.testSpeakers(), rng);
        Map<CorpusPart, List<Utterance>> parts = new EnumMap<>(CorpusPart.class);
        for (CorpusPart part : CorpusPart.values()) {
            List<Utterance> list = new ArrayList<>();
            for (Speaker speaker : split.of(part)) {
                for (int label = 0; label < KeywordClasses.count(); label++) {
                    for (int k = 0; k < s.perSpeakerAndClass(); k++) {
                        list.add(draw(s, label, speaker, rng));
                    }
                }
            }
            parts.put(part, List.copyOf(list));
        }
        return new CorpusPlan(split, parts);
    }

    private static Utterance draw(KeywordSettings s, int label, Speaker speaker, Random rng) {
        String word = label == KeywordClasses.SILENCE ? null
                : label == KeywordClasses.UNKNOWN ? KeywordClasses.OTHER_WORDS.get(rng.nextInt(KeywordClasses.OTHER_WORDS.size()))
                : KeywordClasses.NAMES.get(label);
        int rate = (int) Math.round(uniform(s.rate(), rng));
        int pitch = (int) Math.round(uniform(s.pitch(), rng));
        int amplitude = (int) Math.round(uniform(s.amplitude(), rng));
        double shift = rng.nextDouble();
        NoiseColor noise = NoiseColor.values()[rng.nextInt(NoiseColor.values().length)];
        double level = uniform(word == null ? s.silenceDb() : s.snrDb(), rng);
        return new Utterance(label, word, speaker, rate, pitch, amplitude, shift, noise, level, rng.nextLong());
    }

    private static double uniform(KeywordSettings.Range r, Random rng) {
        return r.min() + (r.max() - r.min()) * rng.nextDouble();
    }

    public List<Utterance> part(CorpusPart part) {
        return parts.get(part);
    }

    public int size() {
        return parts.values().stream().mapToInt(List::size).sum();
    }

    /** Utterances that need espeak-ng (all but silence). */
    public int spoken() {
        return (int) parts.values().stream().flatMap(List::stream).filter(u -> !u.silent()).count();
    }
}
