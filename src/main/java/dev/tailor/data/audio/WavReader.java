package dev.tailor.data.audio;

import dev.tailor.data.DataFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small RIFF/WAVE parser: the fmt and data chunks, other chunks skipped. */
public final class WavReader {
    private static final int EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    /** What is wrong with bytes that should be a WAV file; the caller says which file or program they came from. */
    public static final class BadWav extends Exception {
        BadWav(String problem) {
            super(problem);
        }
    }

    /** A WAV file; anything that is not a complete one is one line naming the file. */
    public static Wav read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        try {
            return parse(bytes, false);
        } catch (BadWav e) {
            throw new DataFormatException(file, e.getMessage());
        }
    }

    /**
     * @param streamed whether the data chunk's size may be a placeholder larger than the bytes there, as
     *                 in a WAV written to a pipe (espeak-ng --stdout); the data then runs to the end
     */
    public static Wav parse(byte[] b, boolean streamed) throws BadWav {
        if (b.length < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw new BadWav("not a WAV file (no RIFF/WAVE header)");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= b.length) {
            long size = u32(b, pos + 4);
            int body = pos + 8;
            if (tag(b, pos, "fmt ")) {
                if (size < 16 || body + 16 > b.length) {
                    throw new BadWav("truncated: its fmt chunk is shorter than 16 bytes");
                }
                format = u16(b, body);
                channels = u16(b, body + 2);
                rate = (int) Math.min(Integer.MAX_VALUE, u32(b, body + 4));
                bits = u16(b, body + 14);
                if (format == EXTENSIBLE && size >= 40 && body + 26 <= b.length) {
                    format = u16(b, body + 24); // the subformat GUID starts with the format code
                }
            } else if (tag(b, pos, "data")) {
                if (format < 0) {
                    throw new BadWav("no fmt chunk before the data chunk");
                }
                long there = b.length - body;
                if (size > there && !streamed) {
                    throw new BadWav("truncated: its data chunk says " + size + " bytes, only " + there + " are there");
                }
                int n = (int) Math.min(size, there);
                int frame = Math.max(1, channels * ((bits + 7) / 8));
                n -= n % frame; // a partial last frame (a cut pipe) is dropped
                return new Wav(format, channels, rate, bits, java.util.Arrays.copyOfRange(b, body, body + n));
            }
            pos = body + (int) Math.min(Integer.MAX_VALUE - 16, size + (size & 1));
            if (pos < 0) {
                break;
            }
        }
        throw new BadWav(format < 0 ? "truncated or damaged: no fmt chunk" : "truncated or damaged: no data chunk");
    }

    /**
     * Refuses, in one line naming the file, anything but {@code rate} Hz mono 16-bit PCM.
     */
    public static void requireMono16(Path file, Wav w, int rate) {
        String needed = "needs " + rate + " Hz mono 16-bit PCM";
        if (w.format() != Wav.PCM) {
            throw new DataFormatException(file, "WAV format code " + w.format() + " is not integer PCM; " + needed);
        }
        if (w.sampleRate() != rate) {
            throw new DataFormatException(file, "sample rate " + w.sampleRate() + " Hz, " + needed + " (resample it, e.g. sox IN -r "
                    + rate + " OUT)");
        }
        if (w.channels() != 1) {
            throw new DataFormatException(file, w.channels() + " channels, " + needed);
        }
        if (w.bits() != 16) {
            throw new DataFormatException(file, w.bits() + "-bit samples, " + needed);
        }
    }

    private static boolean tag(byte[] b, int at, String t) {
        if (at + 4 > b.length) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != t.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
