package dev.tailor.data.keywords;

import dev.tailor.data.audio.LogMel;
import dev.tailor.errors.RunFailedException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the corpus a plan describes: each utterance spoken, mixed and turned into features on a pool
 * of threads (each running one espeak-ng at a time), the results put back in plan order, so that the
 * bytes depend on the settings only.
 */
public final class KeywordGenerator {
    private final Espeak espeak;
    private final int threads;

    public KeywordGenerator(Espeak espeak, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.espeak = espeak;
        this.threads = threads;
    }

    public Map<CorpusPart, KeywordPart> generate(KeywordSettings s, PrintWriter log) {
        CorpusPlan plan = CorpusPlan.of(s);
        espeak.requireInstalled();
        log.printf(Locale.ROOT, "keywords: making %,d utterances (%,d spoken by %s; %d speakers: %d train, %d validation, %d test) "
                        + "on %d threads%n", plan.size(), plan.spoken(), espeak.program(), s.speakers(), plan.speakers().train().size(),
                plan.speakers().validation().size(), plan.speakers().test().size(), threads);
        log.flush();
        ClipMaker maker = new ClipMaker(espeak, s.features());
        LogMel logMel = new LogMel(s.features());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "keywords");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<CorpusPart, List<Future<byte[]>>> pending = new LinkedHashMap<>();
            for (CorpusPart part : CorpusPart.values()) {
                List<Future<byte[]>> f = new ArrayList<>();
                for (Utterance u : plan.part(part)) {
                    f.add(pool.submit(() -> logMel.bytes(maker.make(u))));
                }
                pending.put(part, f);
            }
            Map<CorpusPart, KeywordPart> parts = new EnumMap<>(CorpusPart.class);
            int done = 0;
            int nextReport = 1;
            for (CorpusPart part : CorpusPart.values()) {
                List<Utterance> utterances = plan.part(part);
                List<Speaker> speakers = plan.speakers().of(part);
                int e = (int) s.features().shape().elements();
                byte[] features = new byte[utterances.size() * e];
                int[] labels = new int[utterances.size()];
                int[] speakerOf = new int[utterances.size()];
                for (int i = 0; i < utterances.size(); i++) {
                    System.arraycopy(pending.get(part).get(i).get(), 0, features, i * e, e);
                    labels[i] = utterances.get(i).label();
                    speakerOf[i] = speakers.indexOf(utterances.get(i).speaker());
                    done++;
                    if (done * 4L >= (long) nextReport * plan.size() && nextReport < 4) {
                        log.printf(Locale.ROOT, "keywords: %d %% made%n", nextReport * 25);
                        log.flush();
                        nextReport++;
                    }
                }
                parts.put(part, new KeywordPart(part, s.features().shape(), KeywordClasses.NAMES, speakers, labels, speakerOf, features));
            }
            return parts;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RunFailedException("making the keywords dataset failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while making the keywords dataset", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
