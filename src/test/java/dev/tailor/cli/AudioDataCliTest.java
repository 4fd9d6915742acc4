package dev.tailor.cli;

import dev.tailor.data.audio.TestWavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** --dataset keywords and wav-folder on the command line; the keywords corpus itself is KeywordCorpusTest's. */
class AudioDataCliTest {
    @TempDir
    Path dir;

    private void wavTree(Path root, int perClass) throws IOException {
        double[] hz = {300, 1_200, 4_000};
        String[] names = {"low", "mid", "high"};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                TestWavs.write(root.resolve(names[c]).resolve(i + ".wav"),
                        TestWavs.pcm16(16_000, 1, TestWavs.tone(hz[c] * (1 + 0.02 * i), 16_000, 8_000 + 1_000 * i)));
            }
        }
    }

    @Test
    void aWavFolderTrainsAResNetOnItsSpectrograms() throws IOException {
        wavTree(dir.resolve("sounds/train"), 6);
        wavTree(dir.resolve("sounds/test"), 2);
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--model", "resnet8", "--width", "4", "--dataset", "wav-folder", "--data", dir.resolve("sounds").toString(),
                "--epochs", "1", "--batch", "4", "--max-steps", "1", "--out", run.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("on wav-folder/train (18 images 1x64x98)");
        assertThat(run.resolve("summary.json")).exists();
    }

    @Test
    void badAudioInputIsOneLineWithExitCode2() throws IOException {
        Path tree = dir.resolve("bad");
        wavTree(tree, 1);
        Path slow = TestWavs.write(tree.resolve("low/slow.wav"), TestWavs.pcm16(8_000, 1, new float[800]));
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("train", "--dataset", "wav-folder", "--data", tree.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: " + slow + ": sample rate 8000 Hz, needs 16000 Hz mono 16-bit PCM "
                + "(resample it, e.g. sox IN -r 16000 OUT)");
        Files.delete(slow);
        Files.write(tree.resolve("mid/cut.wav"), new byte[]{'R', 'I', 'F', 'F', 0, 0});
        r = CliRun.of("train", "--dataset", "wav-folder", "--data", tree.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: " + tree.resolve("mid/cut.wav") + ": not a WAV file (no RIFF/WAVE header)");

        r = CliRun.of("train", "--dataset", "wav-folder", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --dataset wav-folder needs --data DIR naming the folder with its files");
        r = CliRun.of("train", "--dataset", "keywords", "--data", tree.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --data needs --dataset (fashion-mnist, mnist, cifar10, cifar100, folder or "
                + "wav-folder); keywords data is generated and reads no files");
        r = CliRun.of("train", "--dataset", "speech", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown dataset 'speech' (synthetic, fashion-mnist, mnist, cifar10, cifar100, folder, keywords or wav-folder)")
                .doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }
}
