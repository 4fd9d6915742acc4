package dev.tailor.data.keywords;

import dev.tailor.data.audio.Wav;
import dev.tailor.data.audio.WavReader;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.errors.RunFailedException;
import dev.tailor.files.Programs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs espeak-ng to speak one word, its WAV read from the program's standard output. */
public final class Espeak {
    /** Debian's program (package espeak-ng). */
    public static final String PROGRAM = "espeak-ng";

    private final String program;

    /** @param program a name on the PATH or a path: tests point it elsewhere */
    public Espeak(String program) {
        this.program = program;
    }

    public String program() {
        return program;
    }

    /** Refuses, in one line, a program that is not there. */
    public void requireInstalled() {
        if (!Programs.exists(program)) {
            throw missing();
        }
    }

    private InvalidInputException missing() {
        return new InvalidInputException(program + " not found: the keywords dataset is spoken by espeak-ng; install it with "
                + "apt-get install espeak-ng");
    }

    /** The speaker's rendering of {@code word}: mono 16-bit PCM at espeak-ng's own rate (22,050 Hz). */
    public Wav speak(Speaker speaker, int rate, int pitch, int amplitude, String word) {
        List<String> cmd = List.of(program, "-v", speaker.name(), "-s", Integer.toString(rate), "-p", Integer.toString(pitch), "-a",
                Integer.toString(amplitude), "--stdout", word);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw missing();
        }
        try {
            p.getOutputStream().close();
            byte[] out;
            byte[] err;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                out = o.readAllBytes(); // its few lines of errors, if any, fit the pipe meanwhile
                err = e.readAllBytes();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new RunFailedException(String.join(" ", cmd) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new RunFailedException(String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ": "
                        + Messages.firstLine(new String(err, StandardCharsets.UTF_8)));
            }
            Wav w = WavReader.parse(out, true);
            if (w.format() != Wav.PCM || w.channels() != 1 || w.bits() != 16 || w.data().length == 0) {
                throw new RunFailedException(String.join(" ", cmd) + " wrote " + w.channels() + "-channel " + w.bits()
                        + "-bit audio of format " + w.format() + " and " + w.data().length + " bytes; expected mono 16-bit PCM");
            }
            return w;
        } catch (WavReader.BadWav e) {
            throw new RunFailedException(String.join(" ", cmd) + " wrote no WAV: " + e.getMessage());
        } catch (IOException e) {
            throw new RunFailedException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while running " + program, e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
