package dev.tailor.files;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Where the settings a run was started with (as stored in its file) differ from the ones given now.
 * A field the stored settings lack came with a later version of Tailor and is not compared.
 */
public final class SettingsDiff {
    private SettingsDiff() {
    }

    /** One setting that changed; {@code path} is dotted, e.g. {@code alterConfig.epochs}. */
    public record Change(String path, JsonNode stored, JsonNode now) {
        /** "{@code label} OLD, now NEW". */
        public String describe(String label) {
            return label + " " + stored + ", now " + (now.isMissingNode() ? "(none)" : now);
        }
    }

    /** Which fields are compared. */
    public enum Fields {
        /** Only the fields given now: the stored file holds other things besides the settings. */
        GIVEN_NOW,
        /** Both sides' fields: the stored file holds only settings, so one no longer given has changed too. */
        BOTH
    }

    /**
     * The changes, in path order within each object.
     *
     * @param now     the current settings: a JSON node or any value Jackson writes
     * @param skipped field names never compared (at any depth)
     */
    public static List<Change> between(JsonNode stored, Object now, Fields fields, Predicate<String> skipped) {
        List<Change> out = new ArrayList<>();
        walk("", stored, asStored(now), fields, skipped, out);
        return out;
    }

    /** Through text and back, so that numbers come out as the same node types as a file's. */
    private static JsonNode asStored(Object value) {
        try {
            return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(String path, JsonNode stored, JsonNode now, Fields fields, Predicate<String> skipped, List<Change> out) {
        if (stored.isObject() && now.isObject()) {
            SortedSet<String> names = new TreeSet<>();
            now.fieldNames().forEachRemaining(names::add);
            if (fields == Fields.BOTH) {
                stored.fieldNames().forEachRemaining(names::add);
            }
            for (String name : names) {
                if (!skipped.test(name)) {
                    walk(path.isEmpty() ? name : path + "." + name, stored.path(name), now.path(name), fields, skipped, out);
                }
            }
        } else if (!stored.isMissingNode() && !stored.equals(now)) {
            out.add(new Change(path, stored, now));
        }
    }
}
