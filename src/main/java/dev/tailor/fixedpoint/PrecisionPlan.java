package dev.tailor.fixedpoint;

import dev.tailor.errors.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fixed-point type each layer's weights, biases, accumulator and result use, with a uniform
 * default: what {@code quantize}, {@code estimate} and {@code export} read (docs/fixed-point.md,
 * "Precision files"). A file is a flat YAML mapping, one {@code KEY: TYPE} per line:
 * <pre>
 * default: ap_fixed&lt;8,3&gt;             # every role of every layer
 * default.accum: auto                 # hls4ml's inferred accumulator (exact)
 * stage1.block1.conv1: ap_fixed&lt;8,4&gt;  # every role of one layer
 * stage1.block1.conv1.weight: ap_fixed&lt;8,1,AP_RND,AP_SAT&gt;
 * </pre>
 * A lookup tries {@code layer.role}, {@code layer}, {@code default.role}, {@code default}, in that
 * order (hls4ml's order for LayerName and Model precisions). Layer names are those of the
 * deployed graph (BN folded into its conv). Use {@link LayerPrecisions} for concrete types with
 * {@code auto} worked out.
 */
public final class PrecisionPlan {
    public static final String DEFAULT = "default";
    private static final String AUTO = "auto";

    /** One right-hand side: a type, or {@code auto} (accumulators only). */
    public record Setting(FixedType type) {
        public static final Setting AUTO_ACCUMULATOR = new Setting(null);

        public boolean isAuto() {
            return type == null;
        }

        @Override
        public String toString() {
            return isAuto() ? AUTO : type.toString();
        }
    }

    private final List<String> order;
    private final Map<String, Setting> entries;
    private final Map<String, String> origins;

    /** @param entries in file order; {@code origins} name the FILE:LINE each key came from */
    private PrecisionPlan(Map<String, Setting> entries, Map<String, String> origins) {
        this.order = List.copyOf(entries.keySet());
        this.entries = Map.copyOf(entries);
        this.origins = Map.copyOf(origins);
    }

    /** {@code default: type}, and {@code default.accum} set to {@code accum} unless that is null. */
    public static PrecisionPlan uniform(FixedType type, Setting accum) {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put(DEFAULT, new Setting(type));
        if (accum != null) {
            m.put(DEFAULT + "." + Role.ACCUM.key(), accum);
        }
        return new PrecisionPlan(m, Map.of());
    }

    /** A plan from its entries ({@code KEY -> setting}), in the order given. */
    public static PrecisionPlan of(Map<String, Setting> entries) {
        Map<String, Setting> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> m.put(check(k, v, k), v));
        return new PrecisionPlan(m, Map.of());
    }

    /** Reads a plan file; every line is checked, and a bad one is reported as FILE:LINE. */
    public static PrecisionPlan read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such precision file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(file + ": not a precision file (not UTF-8 text)", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @param source the file name (or a label) that error messages name */
    public static PrecisionPlan parse(String text, String source) {
        Map<String, Setting> m = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = source + ":" + (i + 1);
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new InvalidInputException(where + ": expected 'LAYER[.ROLE]: TYPE', got '" + line + "'");
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (m.containsKey(key)) {
                throw new InvalidInputException(where + ": '" + key + "' is set twice (first at " + origins.get(key) + ")");
            }
            Setting s;
            try {
                s = value.equals(AUTO) ? Setting.AUTO_ACCUMULATOR : new Setting(TypeSyntax.parse(value));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(where + ": " + e.getMessage());
            }
            m.put(check(key, s, where), s);
            origins.put(key, where);
        }
        return new PrecisionPlan(m, origins);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String check(String key, Setting s, String where) {
        if (key.isEmpty() || key.contains(" ")) {
            throw new InvalidInputException(where + ": '" + key + "' is not a layer name");
        }
        if (s.isAuto() && Role.suffixOf(key) != Role.ACCUM) {
            throw new InvalidInputException(where + ": 'auto' is only for accumulators (KEY.accum), not '" + key + "'");
        }
        return key;
    }

    /** The setting for one role of one layer; every lookup ends at {@code default}, which must exist. */
    public Setting setting(String layer, Role role) {
        for (String key : new String[]{layer + "." + role.key(), layer, DEFAULT + "." + role.key(), DEFAULT}) {
            Setting s = entries.get(key);
            if (s != null) {
                return s;
            }
        }
        throw new InvalidInputException("precision plan has no 'default' type, so " + layer + "." + role.key() + " has none");
    }

    public boolean hasDefault() {
        return entries.containsKey(DEFAULT);
    }

    /** The keys set, in file order. */
    public Set<String> keys() {
        return new LinkedHashSet<>(order);
    }

    /** This plan with {@code over}'s entries added, replacing any of the same key. */
    public PrecisionPlan overriddenBy(PrecisionPlan over) {
        Map<String, Setting> m = new LinkedHashMap<>();
        Map<String, String> o = new LinkedHashMap<>(origins);
        for (String k : order) {
            m.put(k, entries.get(k));
        }
        for (String k : over.order) {
            m.put(k, over.entries.get(k));
            o.remove(k);
            if (over.origins.containsKey(k)) {
                o.put(k, over.origins.get(k));
            }
        }
        return new PrecisionPlan(m, o);
    }

    /** Refuses keys that name no layer of {@code layers} (a typo would otherwise silently fall back to the default). */
    public void requireLayers(Collection<String> layers, String what) {
        for (String k : order) {
            Role r = Role.suffixOf(k);
            String layer = r == null ? k : k.substring(0, k.length() - r.key().length() - 1);
            if (!layer.equals(DEFAULT) && !layers.contains(layer)) {
                String where = origins.getOrDefault(k, "precision plan");
                throw new InvalidInputException(where + ": '" + layer + "' is not a layer of " + what + " (BatchNorms are folded into their convs)");
            }
        }
    }

    /** The plan as a file, one key per line in order, with an optional comment after any key. */
    public String format(Map<String, String> notes) {
        StringBuilder b = new StringBuilder();
        b.append("# Tailor precision plan: hls4ml fixed-point types by layer (docs/fixed-point.md).\n");
        b.append("# KEY: TYPE with KEY = LAYER or LAYER.ROLE (weight, bias, accum, result); 'default' applies where nothing narrower does.\n");
        int width = order.stream().mapToInt(String::length).max().orElse(0) + 1;
        for (String k : order) {
            String line = String.format("%-" + width + "s %s", k + ":", entries.get(k));
            String note = notes.get(k);
            b.append(note == null ? line : String.format("%-" + (width + 30) + "s # %s", line, note)).append('\n');
        }
        return b.toString();
    }

    public String format() {
        return format(Map.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrecisionPlan p && entries.equals(p.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return order.stream().map(k -> k + ": " + entries.get(k)).reduce((a, c) -> a + ", " + c).orElse("(empty)");
    }
}
