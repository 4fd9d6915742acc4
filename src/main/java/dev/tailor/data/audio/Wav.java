package dev.tailor.data.audio;

/**
 * A parsed WAV file: the fmt chunk's fields and the bytes of its data chunk.
 *
 * @param format     1 for integer PCM (also what an extensible header's PCM subformat is reported as)
 * @param channels   interleaved channels
 * @param sampleRate samples per second per channel
 * @param bits       bits per sample
 */
public record Wav(int format, int channels, int sampleRate, int bits, byte[] data) {
    public static final int PCM = 1;

    /** The samples of a 16-bit mono PCM file scaled to [-1, 1). */
    public float[] monoSamples() {
        if (format != PCM || channels != 1 || bits != 16) {
            throw new IllegalStateException("not 16-bit mono PCM: format " + format + ", " + channels + " channels, " + bits + " bits");
        }
        float[] s = new float[data.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((data[2 * i] & 0xff) | (data[2 * i + 1] << 8)) / 32768f;
        }
        return s;
    }

    public double seconds() {
        int frame = channels * Math.max(1, bits / 8);
        return (double) data.length / frame / sampleRate;
    }
}
