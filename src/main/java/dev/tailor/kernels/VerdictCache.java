package dev.tailor.kernels;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Convolution verdicts on disk, one file per machine identity (CPU model, family, instruction-set
 * flags, libtorch and DJL versions, this check's version), so a machine pays for the checks once.
 * The thread count is part of each configuration's key. Written atomically with a SHA-256 of its
 * content; a file that does not match is not used (its configurations are checked again) and is
 * replaced by the next write.
 */
public final class VerdictCache {
    /** Raise when the candidates or the check change meaning: older verdicts are then not reused. */
    static final int CHECK_VERSION = 1;

    private final Path dir;
    private final java.util.function.Supplier<String> identity;
    private final Consumer<String> notices;
    private String machine;
    private Path file;
    private ObjectNode entries;
    private boolean damagedSaid;

    /** A cache for a given identity (tests); programs use {@link #forThisMachine}. */
    VerdictCache(Path dir, java.util.function.Supplier<String> identity, Consumer<String> notices) {
        this.dir = dir;
        this.identity = identity;
        this.notices = notices;
    }

    /**
     * The cache file for this machine and engine in {@code dir} (Tailor's cache folder +
     * {@code /kernels}). Nothing is read, and the engine is not loaded, until a verdict is needed.
     */
    public static VerdictCache forThisMachine(Path dir, Consumer<String> notices) {
        return new VerdictCache(dir, () -> {
            CpuIdentity cpu = CpuIdentity.current();
            return String.join("\n", "check " + CHECK_VERSION, cpu.model(), cpu.family(), cpu.flags(),
                    "libtorch " + Engine.getEngine("PyTorch").getVersion(), "DJL " + Engine.getDjlVersion());
        }, notices);
    }

    /** The file for this machine: {@code conv-<16 hex digits of the identity's SHA-256>.json}. */
    public synchronized Path file() {
        if (file == null) {
            machine = identity.get();
            file = dir.resolve("conv-" + sha256(machine).substring(0, 16) + ".json");
        }
        return file;
    }

    synchronized Choice get(ConvConfig config, List<String> candidates) {
        file();
        if (entries == null) {
            entries = read();
        }
        JsonNode e = entries.get(config.key());
        if (e == null || !candidates.equals(names(e.get("candidates")))) {
            return null;
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode v : e.get("verdicts")) {
            verdicts.add(new Verdict(v.get("impl").asText(), Verdict.Status.valueOf(v.get("status").asText()), v.get("detail").asText(),
                    number(v.get("error")), number(v.get("millis"))));
        }
        return new Choice(config, verdicts, e.get("chosen").asText(), 0, 0, true);
    }

    /** Adds a choice to what is on disk now (another process may have added its own since this one read it). */
    synchronized void put(Choice choice) {
        file();
        entries = read();
        ObjectNode e = entries.putObject(choice.config().key());
        e.put("chosen", choice.chosen());
        ArrayNode names = e.putArray("candidates");
        ArrayNode verdicts = e.putArray("verdicts");
        for (Verdict v : choice.verdicts()) {
            names.add(v.impl());
            ObjectNode o = verdicts.addObject();
            o.put("impl", v.impl());
            o.put("status", v.status().name());
            o.put("detail", v.detail());
            putNumber(o, "error", v.error());
            putNumber(o, "millis", v.millis());
        }
        e.put("checkMillis", choice.checkMillis());
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("machine", machine);
        root.set("entries", entries);
        root.put("sha256", sha256(digestInput(machine, entries)));
        try {
            AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException | RuntimeException ex) {
            // A cache that cannot be written costs a check next time, nothing more.
            notices.accept("cannot keep the convolution verdicts in " + file + " (" + ex.getMessage() + "); they are checked again next time");
        }
    }

    synchronized void clear() {
        file();
        entries = Json.MAPPER.createObjectNode();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's entries if it is this machine's and intact; otherwise none (said once). */
    private ObjectNode read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            return damaged("cannot be read (" + e.getMessage() + ")");
        }
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (root == null || !(root.get("entries") instanceof ObjectNode found) || root.get("machine") == null || root.get("sha256") == null) {
                return damaged("is not a verdict file");
            }
            if (!sha256(digestInput(root.get("machine").asText(), found)).equals(root.get("sha256").asText())) {
                return damaged("is damaged (checksum mismatch)");
            }
            if (!machine.equals(root.get("machine").asText())) {
                return damaged("belongs to another machine or engine");
            }
            return found;
        } catch (IOException e) {
            return damaged("is damaged (not JSON)");
        }
    }

    private ObjectNode damaged(String why) {
        if (!damagedSaid) {
            damagedSaid = true;
            notices.accept(file + " " + why + "; its convolution verdicts are not used and are checked again");
        }
        return Json.MAPPER.createObjectNode();
    }

    private static String digestInput(String machine, JsonNode entries) {
        try {
            return machine + "\n" + Json.MAPPER.writeValueAsString(entries);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
