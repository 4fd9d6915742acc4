package dev.tailor.data.keywords;

import dev.tailor.data.DataFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generated corpora under {@code <cache root>/keywords/<settings folder name>/}: one file per part
 * ({@code train.kwd}, {@code validation.kwd}, {@code test.kwd}), their SHA-256 sums in
 * {@code SHA256SUMS} (as {@code sha256sum -c} reads them), and the settings in {@code settings.txt}.
 * A folder is written whole beside its place and renamed into it, so it is either complete or absent;
 * a file that does not match its sum is refused, naming it, and never regenerated over silently.
 */
public final class KeywordCache {
    static final String SUMS = "SHA256SUMS";

    private final Path root;

    /** @param cacheRoot Tailor's cache folder ({@code FashionMnist.cacheRoot()} outside tests) */
    public KeywordCache(Path cacheRoot) {
        this.root = cacheRoot.resolve("keywords");
    }

    public Path folder(KeywordSettings s) {
        return root.resolve(s.folderName());
    }

    public static String fileName(CorpusPart part) {
        return part.label() + ".kwd";
    }

    public boolean has(KeywordSettings s) {
        return Files.isDirectory(folder(s));
    }

    /** The part, its file checked against its sum first. */
    public KeywordPart read(KeywordSettings s, CorpusPart part) {
        Path dir = folder(s);
        Path file = dir.resolve(fileName(part));
        String expected = expectedSum(dir, fileName(part));
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "missing from the cache; delete " + dir + " and Tailor makes it again");
        }
        if (!sha256(file).equals(expected)) {
            throw new DataFormatException(file, "does not match its SHA-256 in " + SUMS + " (damaged or truncated); delete " + dir
                    + " and Tailor makes it again");
        }
        return KeywordFile.read(file);
    }

    /** Writes the parts into a temp folder and renames it into place; a folder another process put there first is kept. */
    void write(KeywordSettings s, Map<CorpusPart, KeywordPart> parts, String madeBy) {
        Path target = folder(s);
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, ".making-");
            StringBuilder sums = new StringBuilder();
            for (CorpusPart part : CorpusPart.values()) {
                Path f = tmp.resolve(fileName(part));
                KeywordFile.write(f, parts.get(part));
                sums.append(sha256(f)).append("  ").append(fileName(part)).append('\n');
            }
            Files.writeString(tmp.resolve(SUMS), sums, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("settings.txt"), s.describe() + madeBy + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // made meanwhile by another run with the same settings: the same bytes
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keywords cache " + target + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static String expectedSum(Path dir, String name) {
        Path sums = dir.resolve(SUMS);
        if (!Files.isRegularFile(sums)) {
            throw new DataFormatException(sums, "missing from the cache; delete " + dir + " and Tailor makes it again");
        }
        try {
            for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+\\*?", 2);
                if (f.length == 2 && f[1].equals(name)) {
                    return f[0];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(sums + ": " + e.getMessage(), e);
        }
        throw new DataFormatException(sums, "has no sum for " + name + "; delete " + dir + " and Tailor makes it again");
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Best effort: a leftover temp folder is never read (its name starts with a dot and is not a settings folder). */
    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // left for the user's cache cleanup
        }
    }
}
