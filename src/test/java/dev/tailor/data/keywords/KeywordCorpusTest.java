package dev.tailor.data.keywords;

import dev.tailor.data.DataFormatException;
import dev.tailor.data.Dataset;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.Programs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tiny corpus, made with the real espeak-ng into temporary cache folders. */
class KeywordCorpusTest {
    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());
    private static final Espeak ESPEAK = new Espeak(Espeak.PROGRAM);
    private static final Espeak ABSENT = new Espeak("/nonexistent/espeak-ng");
    private static final KeywordSettings TINY = KeywordSettings.tiny();

    @TempDir
    static Path shared;

    private static String firstLog;

    @BeforeAll
    static void makeTheTinyCorpus() {
        // A missing tool is a failure, never a skip: .ci/run installs it.
        if (!Programs.exists(Espeak.PROGRAM)) {
            throw new AssertionError("these tests need espeak-ng (apt-get install espeak-ng)");
        }
        StringWriter log = new StringWriter();
        KeywordDataset.prepare(TINY, shared.resolve("cache"), ESPEAK, new PrintWriter(log, true));
        firstLog = log.toString();
    }

    private static KeywordPart part(Path cacheRoot, CorpusPart part) {
        return KeywordDataset.load(TINY, cacheRoot, ABSENT, QUIET, part);
    }

    @Test
    void everyPartHasItsOwnSpeakersAndAllTwelveClassesAsSpectrograms() {
        Set<String> seen = new HashSet<>();
        for (CorpusPart p : CorpusPart.values()) {
            KeywordPart k = part(shared.resolve("cache"), p);
            assertThat(k.size()).isEqualTo(p == CorpusPart.TRAIN ? 48 : 12);
            assertThat(Arrays.stream(k.labels()).distinct().count()).as(p.label()).isEqualTo(12);
            Set<String> speakers = new HashSet<>();
            for (int i = 0; i < k.size(); i++) {
                speakers.add(k.speaker(i).name());
            }
            assertThat(speakers).hasSize(p == CorpusPart.TRAIN ? 4 : 1);
            for (String s : speakers) {
                assertThat(seen.add(s)).as("%s is in two parts", s).isTrue();
            }
            Dataset d = k.dataset();
            assertThat(d.shape()).hasToString("1x64x98");
            assertThat(d.classes()).isEqualTo(12);
            assertThat(d.name()).isEqualTo("keywords/" + p.label());
        }
        assertThat(firstLog).contains("keywords: making 72 utterances (66 spoken by espeak-ng; 6 speakers: 4 train, 1 validation, 1 test)")
                .containsPattern("keywords: made 72 utterances \\(train 48, validation 12, test 12\\) in [0-9.]+ s into ");
    }

    @Test
    void theSameSeedMakesTheSameBytesAndAnotherSeedOthers() throws IOException {
        KeywordSettings small = TINY.toBuilder().speakers(3, 1, 1).build();
        Path a = shared.resolve("a");
        Path b = shared.resolve("b");
        Path c = shared.resolve("c");
        KeywordDataset.prepare(small, a, ESPEAK, QUIET);
        KeywordDataset.prepare(small, b, ESPEAK, QUIET);
        KeywordSettings other = small.toBuilder().seed(2).build();
        KeywordDataset.prepare(other, c, ESPEAK, QUIET);
        for (CorpusPart p : CorpusPart.values()) {
            String name = KeywordCache.fileName(p);
            byte[] first = Files.readAllBytes(new KeywordCache(a).folder(small).resolve(name));
            assertThat(Files.readAllBytes(new KeywordCache(b).folder(small).resolve(name))).as(name).isEqualTo(first);
            assertThat(Files.readAllBytes(new KeywordCache(c).folder(other).resolve(name))).as(name).isNotEqualTo(first);
        }
    }

    @Test
    void theCacheIsReadBackWithoutEspeakAndNothingElseIsLeftThere() throws IOException {
        StringWriter log = new StringWriter();
        KeywordPart train = KeywordDataset.load(TINY, shared.resolve("cache"), ABSENT, new PrintWriter(log, true), CorpusPart.TRAIN);
        assertThat(train.size()).isEqualTo(48);
        assertThat(log.toString()).isEmpty();
        try (Stream<Path> s = Files.list(shared.resolve("cache/keywords"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(TINY.folderName());
        }
        try (Stream<Path> s = Files.list(new KeywordCache(shared.resolve("cache")).folder(TINY))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("SHA256SUMS", "settings.txt", "test.kwd", "train.kwd", "validation.kwd");
        }
    }

    @Test
    void aDamagedOrTruncatedCacheFileIsRefusedNamingIt() throws IOException {
        Path root = shared.resolve("damaged");
        Path folder = new KeywordCache(root).folder(TINY);
        Files.createDirectories(folder);
        Path original = new KeywordCache(shared.resolve("cache")).folder(TINY);
        try (Stream<Path> s = Files.list(original)) {
            for (Path f : s.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Path train = folder.resolve("train.kwd");
        byte[] b = Files.readAllBytes(train);
        b[b.length / 2] ^= 1;
        Files.write(train, b);
        assertThatThrownBy(() -> part(root, CorpusPart.TRAIN)).isInstanceOf(DataFormatException.class)
                .hasMessage(train + ": does not match its SHA-256 in SHA256SUMS (damaged or truncated); delete " + folder
                        + " and Tailor makes it again");
        Path test = folder.resolve("test.kwd");
        Files.write(test, Arrays.copyOf(Files.readAllBytes(test), 1000));
        assertThatThrownBy(() -> part(root, CorpusPart.TEST)).isInstanceOf(DataFormatException.class).hasMessageStartingWith(test + ": ");
        // The validation file is untouched and still reads.
        assertThat(part(root, CorpusPart.VALIDATION).size()).isEqualTo(12);
        // A damaged file that still matches its sum (written by hand) is refused by the reader.
        Files.write(test, Arrays.copyOf(Files.readAllBytes(original.resolve("test.kwd")), 1000));
        Files.writeString(folder.resolve("SHA256SUMS"), KeywordCache.sha256(test) + "  test.kwd\n");
        long header = Files.size(original.resolve("test.kwd")) - 12L * 64 * 98;
        assertThatThrownBy(() -> part(root, CorpusPart.TEST))
                .hasMessage(test + ": truncated: " + (1000 - header) + " of " + 12 * 64 * 98 + " feature bytes");
    }

    @Test
    void aMissingEspeakIsOneLineSayingHowToInstallIt() {
        Path root = shared.resolve("none");
        assertThatThrownBy(() -> KeywordDataset.load(TINY, root, ABSENT, QUIET, CorpusPart.TRAIN)).isExactlyInstanceOf(InvalidInputException.class)
                .hasMessage("/nonexistent/espeak-ng not found: the keywords dataset is spoken by espeak-ng; install it with apt-get install espeak-ng");
        assertThat(root.resolve("keywords")).doesNotExist();
    }

    @Test
    void theFeaturesSeparateTheClassesALittle() {
        // Nearest class centroid of each band's loudest frame (time-shift invariant), trained on the train speakers,
        // scored on the unseen test speaker: chance is 1 in 12.
        KeywordPart train = part(shared.resolve("cache"), CorpusPart.TRAIN);
        KeywordPart test = part(shared.resolve("cache"), CorpusPart.TEST);
        double[][] centroid = new double[12][64];
        for (int i = 0; i < train.size(); i++) {
            double[] p = loudest(train, i);
            for (int b = 0; b < 64; b++) {
                centroid[train.labels()[i]][b] += p[b] / 4;
            }
        }
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            double[] p = loudest(test, i);
            int best = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < 12; c++) {
                double d = 0;
                for (int b = 0; b < 64; b++) {
                    d += (p[b] - centroid[c][b]) * (p[b] - centroid[c][b]);
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            right += best == test.labels()[i] ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(3);
    }

    private static double[] loudest(KeywordPart k, int i) {
        double[] p = new double[64];
        int base = i * 64 * 98;
        for (int b = 0; b < 64; b++) {
            for (int f = 0; f < 98; f++) {
                p[b] = Math.max(p[b], k.features()[base + b * 98 + f] & 0xff);
            }
        }
        return p;
    }
}
