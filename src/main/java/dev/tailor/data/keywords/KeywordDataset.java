package dev.tailor.data.keywords;

import dev.tailor.errors.Messages;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The keywords dataset: read from the cache, made there first if it is not. */
public final class KeywordDataset {
    /** Simultaneous espeak-ng processes while generating. */
    public static final int THREADS = 2;

    private KeywordDataset() {
    }

    /** One part of the corpus the settings describe, made (and cached) first if needed. */
    public static KeywordPart load(KeywordSettings s, Path cacheRoot, Espeak espeak, PrintWriter log, CorpusPart part) {
        KeywordCache cache = prepare(s, cacheRoot, espeak, log);
        return cache.read(s, part);
    }

    /** Makes the cached corpus unless it is there; reads nothing. */
    public static KeywordCache prepare(KeywordSettings s, Path cacheRoot, Espeak espeak, PrintWriter log) {
        KeywordCache cache = new KeywordCache(cacheRoot);
        if (!cache.has(s)) {
            long start = System.nanoTime();
            Map<CorpusPart, KeywordPart> parts = new KeywordGenerator(espeak, THREADS).generate(s, log);
            double seconds = (System.nanoTime() - start) / 1e9;
            cache.write(s, parts, String.format(Locale.ROOT, "made in %.1f s on %d threads by %s", seconds, THREADS, version(espeak)));
            log.printf(Locale.ROOT, "keywords: made %,d utterances (train %,d, validation %,d, test %,d) in %.1f s into %s%n", s.utterances(),
                    parts.get(CorpusPart.TRAIN).size(), parts.get(CorpusPart.VALIDATION).size(), parts.get(CorpusPart.TEST).size(),
                    seconds, cache.folder(s));
            log.flush();
        }
        return cache;
    }

    /** The program's version line, for the record (the same settings may sound different with another espeak-ng). */
    private static String version(Espeak espeak) {
        try {
            Process p = new ProcessBuilder(espeak.program(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return Messages.firstLine(out).strip();
        } catch (IOException e) {
            return espeak.program();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return espeak.program();
        }
    }
}
