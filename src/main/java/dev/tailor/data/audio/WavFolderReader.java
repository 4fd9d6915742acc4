package dev.tailor.data.audio;

import dev.tailor.data.DataFormatException;
import dev.tailor.data.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A class-per-folder tree of WAV files ({@code root/<class>/*.wav}), classes in sorted folder order:
 * each file must be mono 16-bit PCM at the features' sample rate; it is cut to its first clip length
 * or padded with silence at the end, then turned into its log-mel spectrogram.
 */
public final class WavFolderReader {
    private WavFolderReader() {
    }

    public static Dataset read(String name, Path root, FeatureSettings features) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, "not a directory of class folders");
        }
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).sorted().toList();
        if (classDirs.size() < 2) {
            throw new DataFormatException(root, "needs at least two class folders, found " + classDirs.size());
        }
        LogMel logMel = new LogMel(features);
        List<byte[]> samples = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            List<Path> files = list(classDirs.get(c)).stream().filter(WavFolderReader::isWav).sorted().toList();
            if (files.isEmpty()) {
                throw new DataFormatException(classDirs.get(c), "class folder holds no .wav files");
            }
            for (Path f : files) {
                samples.add(logMel.bytes(clip(f, features)));
                labels.add(c);
            }
        }
        int e = (int) features.shape().elements();
        byte[] all = new byte[samples.size() * e];
        int[] lab = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i), 0, all, i * e, e);
            lab[i] = labels.get(i);
        }
        return new Dataset(name, features.shape(), classDirs.size(), all, lab).notMirrorable();
    }

    /** The file's samples, checked, cut or padded to exactly one clip. */
    static float[] clip(Path file, FeatureSettings features) {
        Wav w = WavReader.read(file);
        WavReader.requireMono16(file, w, features.sampleRate());
        float[] s = w.monoSamples();
        if (s.length == 0) {
            throw new DataFormatException(file, "holds no samples");
        }
        return java.util.Arrays.copyOf(s, features.clipSamples());
    }

    private static boolean isWav(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }
}
