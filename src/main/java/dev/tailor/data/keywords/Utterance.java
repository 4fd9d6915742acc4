package dev.tailor.data.keywords;

import dev.tailor.data.audio.NoiseColor;

/**
 * Everything random about one clip, drawn when the corpus is planned so that making it needs no
 * shared random state (and clips can be made in any order, on any thread).
 *
 * @param word    what is said; null for the silence class
 * @param shift   where the word starts within the room the clip leaves it, 0 (start) to 1 (end)
 * @param levelDb the noise's SNR in dB under the word, or (silence) its level in dB of full scale
 */
public record Utterance(int label, String word, Speaker speaker, int rate, int pitch, int amplitude, double shift, NoiseColor noise,
                        double levelDb, long noiseSeed) {
    public boolean silent() {
        return word == null;
    }
}
