package dev.tailor.data.audio;

import dev.tailor.data.DataFormatException;
import dev.tailor.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WavReaderTest {
    private static final FeatureSettings FEATURES = FeatureSettings.standard();

    @TempDir
    Path dir;

    @Test
    void reads16kMonoPcmAndSkipsOtherChunks() throws IOException {
        float[] tone = TestWavs.tone(440, 16_000, 8_000);
        for (byte[] bytes : new byte[][]{TestWavs.pcm16(16_000, 1, tone), TestWavs.withExtraChunks(TestWavs.pcm16(16_000, 1, tone))}) {
            Path f = TestWavs.write(dir.resolve("a.wav"), bytes);
            Wav w = WavReader.read(f);
            assertThat(w.sampleRate()).isEqualTo(16_000);
            assertThat(w.channels()).isEqualTo(1);
            assertThat(w.seconds()).isEqualTo(0.5);
            float[] s = w.monoSamples();
            assertThat(s).hasSize(8_000);
            assertThat(s[100]).isCloseTo(tone[100], within(1e-4f));
        }
    }

    @Test
    void refusesOtherRatesAndChannelsNamingTheFileAndTheRates() throws IOException {
        Path slow = TestWavs.write(dir.resolve("yes/slow.wav"), TestWavs.pcm16(8_000, 1, new float[800]));
        assertThatThrownBy(() -> WavFolderReader.clip(slow, FEATURES)).isInstanceOf(DataFormatException.class)
                .hasMessage(slow + ": sample rate 8000 Hz, needs 16000 Hz mono 16-bit PCM (resample it, e.g. sox IN -r 16000 OUT)");
        Path stereo = TestWavs.write(dir.resolve("yes/stereo.wav"), TestWavs.pcm16(16_000, 2, new float[1600]));
        assertThatThrownBy(() -> WavFolderReader.clip(stereo, FEATURES)).isInstanceOf(DataFormatException.class)
                .hasMessage(stereo + ": 2 channels, needs 16000 Hz mono 16-bit PCM");
    }

    @Test
    void refusesTruncatedAndNonWavFiles() throws IOException {
        byte[] good = TestWavs.pcm16(16_000, 1, new float[1600]);
        Path cut = TestWavs.write(dir.resolve("cut.wav"), Arrays.copyOf(good, 1000));
        assertThatThrownBy(() -> WavReader.read(cut)).isInstanceOf(DataFormatException.class)
                .hasMessage(cut + ": truncated: its data chunk says 3200 bytes, only 956 are there");
        Path header = TestWavs.write(dir.resolve("header.wav"), Arrays.copyOf(good, 30));
        assertThatThrownBy(() -> WavReader.read(header)).hasMessage(header + ": truncated: its fmt chunk is shorter than 16 bytes");
        Path noData = TestWavs.write(dir.resolve("nodata.wav"), Arrays.copyOf(good, 36));
        assertThatThrownBy(() -> WavReader.read(noData)).hasMessage(noData + ": truncated or damaged: no data chunk");
        Path text = TestWavs.write(dir.resolve("text.wav"), "hello, not a sound".getBytes());
        assertThatThrownBy(() -> WavReader.read(text)).hasMessage(text + ": not a WAV file (no RIFF/WAVE header)");
        Path empty = TestWavs.write(dir.resolve("empty.wav"), new byte[0]);
        assertThatThrownBy(() -> WavReader.read(empty)).hasMessage(empty + ": not a WAV file (no RIFF/WAVE header)");
    }

    @Test
    void aStreamedHeaderIsReadToTheEndOnlyWhenAllowed() throws Exception {
        byte[] b = TestWavs.pcm16(22_050, 1, new float[100]);
        b[40] = (byte) 0xff; // data size 0x7fffffff-ish, as espeak-ng --stdout writes it
        b[41] = (byte) 0xff;
        b[42] = (byte) 0xff;
        b[43] = (byte) 0x7f;
        assertThat(WavReader.parse(b, true).monoSamples()).hasSize(100);
        assertThatThrownBy(() -> WavReader.parse(b, false)).hasMessageStartingWith("truncated");
    }

    @Test
    void aFolderTreeBecomesSpectrograms() throws IOException {
        TestWavs.write(dir.resolve("tree/low/a.wav"), TestWavs.pcm16(16_000, 1, TestWavs.tone(300, 16_000, 16_000)));
        TestWavs.write(dir.resolve("tree/low/b.WAV"), TestWavs.pcm16(16_000, 1, TestWavs.tone(350, 16_000, 20_000)));
        TestWavs.write(dir.resolve("tree/high/c.wav"), TestWavs.pcm16(16_000, 1, TestWavs.tone(5_000, 16_000, 4_000)));
        Files.writeString(dir.resolve("tree/high/notes.txt"), "not audio");
        Dataset d = WavFolderReader.read("wav", dir.resolve("tree"), FEATURES);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.classes()).isEqualTo(2);
        assertThat(d.shape()).hasToString("1x64x98");
        assertThat(d.label(0)).isZero(); // "high" sorts first
        assertThat(d.label(1)).isEqualTo(1);
        // The short file is padded with silence: its last frames are at the floor.
        int loudest10 = 0;
        int loudest97 = 0;
        for (int band = 0; band < 64; band++) {
            loudest10 = Math.max(loudest10, d.pixel(0, band * 98 + 10));
            loudest97 = Math.max(loudest97, d.pixel(0, band * 98 + 97));
        }
        assertThat(loudest10).isGreaterThan(200);
        assertThat(loudest97).isZero();
    }

    @Test
    void refusesAnEmptyClassFolderAndFewerThanTwoClasses() throws IOException {
        TestWavs.write(dir.resolve("tree/yes/a.wav"), TestWavs.pcm16(16_000, 1, new float[16_000]));
        assertThatThrownBy(() -> WavFolderReader.read("wav", dir.resolve("tree"), FEATURES)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("tree") + ": needs at least two class folders, found 1");
        Files.createDirectories(dir.resolve("tree/no"));
        Files.writeString(dir.resolve("tree/no/readme.txt"), "x");
        assertThatThrownBy(() -> WavFolderReader.read("wav", dir.resolve("tree"), FEATURES)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("tree/no") + ": class folder holds no .wav files");
        assertThatThrownBy(() -> WavFolderReader.read("wav", dir.resolve("none"), FEATURES))
                .hasMessage(dir.resolve("none") + ": not a directory of class folders");
    }
}
