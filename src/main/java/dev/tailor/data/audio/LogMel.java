package dev.tailor.data.audio;

/** Computes {@link FeatureSettings}' log-mel spectrogram of one clip; threads may share one. */
public final class LogMel {
    private final FeatureSettings settings;
    private final Fft fft;
    private final MelFilterbank mel;
    private final double[] window;
    private final double powerScale;

    public LogMel(FeatureSettings settings) {
        this.settings = settings;
        this.fft = new Fft(settings.fftSize());
        this.mel = new MelFilterbank(settings.melBands(), settings.fftSize(), settings.sampleRate(), settings.minHz(), settings.maxHz());
        int w = settings.windowSamples();
        window = new double[w];
        double sum = 0;
        for (int i = 0; i < w; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / w); // periodic Hann
            sum += window[i];
        }
        powerScale = 1 / (sum * sum);
    }

    public FeatureSettings settings() {
        return settings;
    }

    /** Band energies in dB, [mel band][frame]; the clip must be exactly {@code clipSamples} long. */
    public double[][] decibels(float[] clip) {
        if (clip.length != settings.clipSamples()) {
            throw new IllegalArgumentException("clip of " + clip.length + " samples, features need " + settings.clipSamples());
        }
        int n = settings.fftSize();
        int frames = settings.frames();
        double[][] db = new double[settings.melBands()][frames];
        double[] re = new double[n];
        double[] im = new double[n];
        double[] power = new double[mel.bins()];
        double[] bands = new double[settings.melBands()];
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            int start = f * settings.hopSamples();
            for (int i = 0; i < window.length; i++) {
                re[i] = clip[start + i] * window[i];
            }
            fft.forward(re, im);
            for (int k = 0; k < power.length; k++) {
                power[k] = (re[k] * re[k] + im[k] * im[k]) * powerScale;
            }
            mel.apply(power, bands);
            for (int b = 0; b < bands.length; b++) {
                db[b][f] = 10 * Math.log10(bands[b] + 1e-20);
            }
        }
        return db;
    }

    /** The spectrogram as bytes, band-major (row b holds band b's frames): the dB range mapped to 0..255. */
    public byte[] bytes(float[] clip) {
        double[][] db = decibels(clip);
        int frames = settings.frames();
        byte[] out = new byte[settings.melBands() * frames];
        double lo = settings.dbFloor();
        double scale = 255 / (settings.dbCeiling() - lo);
        for (int b = 0; b < db.length; b++) {
            for (int f = 0; f < frames; f++) {
                long v = Math.round((db[b][f] - lo) * scale);
                out[b * frames + f] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return out;
    }
}
