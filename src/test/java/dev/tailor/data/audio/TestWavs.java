package dev.tailor.data.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** WAV files written by the tests: 16-bit PCM, channels interleaved. */
public final class TestWavs {
    private TestWavs() {
    }

    public static byte[] pcm16(int rate, int channels, float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples.length);
        for (float s : samples) {
            b.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * 32767));
        }
        return b.array();
    }

    public static float[] tone(double hz, int rate, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** A file with an extra LIST chunk before fmt and an odd-sized one between fmt and data. */
    static byte[] withExtraChunks(byte[] wav) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(wav, 0, 12);
        o.writeBytes("LIST".getBytes());
        o.writeBytes(new byte[]{4, 0, 0, 0, 'I', 'N', 'F', 'O'});
        o.write(wav, 12, 24); // fmt chunk
        o.writeBytes("junk".getBytes());
        o.writeBytes(new byte[]{3, 0, 0, 0, 1, 2, 3, 0}); // 3 bytes and a pad byte
        o.write(wav, 36, wav.length - 36);
        return o.toByteArray();
    }
}
