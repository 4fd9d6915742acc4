package dev.tailor.synth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.Json;
import dev.tailor.hardware.fpga.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one synthesis of a whole generated design measured, beside the estimate {@code tailor rtl}
 * stored for that design: read back from a design folder's {@code synth.json} and {@code
 * design.json}, and checked before it is shown. A file that does not hold what {@code tailor
 * synth} writes, or whose totals disagree with its own cell counts, is refused.
 *
 * @param network  the network, as design.json names it
 * @param dataflow the dataflow settings the design was generated with
 * @param measured Yosys's counts for the whole design
 * @param estimate the model's estimate of the same design
 * @param seconds  how long synthesis took (0 when it was re-read from its statistics)
 */
public record SynthSummary(Path dir, String network, String dataflow, String tool, double seconds, String part, boolean fits,
                           Resources measured, Resources estimate) {
    /** The synthesis result file {@code tailor synth} writes into a design folder. */
    public static final String FILE = "synth.json";
    private static final String DESIGN = "design.json";

    /** Whether a design folder holds a synthesis result of the whole design. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static SynthSummary read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + ": no " + FILE + ": synthesize the design first (tailor synth " + dir + ")");
        }
        JsonNode s = tree(file);
        JsonNode d = tree(dir.resolve(DESIGN));
        if (!"tailor_top".equals(s.path("top").asText())) {
            throw new InvalidInputException(file + ": a synthesis of one module (" + s.path("top").asText() + "), not of the whole design");
        }
        Map<String, Long> cells = new LinkedHashMap<>();
        JsonNode c = s.path("design").path("cells");
        if (!c.isObject() || c.isEmpty()) {
            throw broken(file, "it has no cell counts");
        }
        c.fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                throw broken(file, "cell count " + e.getKey() + " is not a count");
            }
            cells.put(e.getKey(), e.getValue().asLong());
        });
        Resources measured = new CellCounts(cells).resources();
        if (!measured.equals(resources(s.path("design").path("resources"), file))) {
            throw broken(file, "its totals do not match its own cell counts (edited or damaged); run tailor synth again");
        }
        String network = d.path("network").asText("");
        if (network.isEmpty() || !network.equals(s.path("network").asText())) {
            throw broken(file, "it names another network than " + dir.resolve(DESIGN) + " (the design was regenerated: synthesize it again)");
        }
        return new SynthSummary(dir, network, d.path("dataflow").asText(""), s.path("tool").asText(""), s.path("seconds").asDouble(),
                s.path("part").asText(""), s.path("fits").asBoolean(), measured, resources(d.path("estimate"), dir.resolve(DESIGN)));
    }

    private static JsonNode tree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": missing (a design folder written by tailor rtl has one)");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw broken(file, "it is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw broken(file, "it is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** BRAM18, FF, LUT, DSP as both files write them (lower case in synth.json, upper case in design.json's estimate). */
    private static Resources resources(JsonNode n, Path file) {
        long[] v = new long[4];
        String[][] keys = {{"bram18", "BRAM18"}, {"ff", "FF"}, {"lut", "LUT"}, {"dsp", "DSP"}};
        for (int i = 0; i < 4; i++) {
            JsonNode x = n.has(keys[i][0]) ? n.get(keys[i][0]) : n.get(keys[i][1]);
            if (x == null || !x.canConvertToLong() || x.asLong() < 0) {
                throw broken(file, "it has no " + keys[i][1] + " count");
            }
            v[i] = x.asLong();
        }
        return new Resources(v[0], v[1], v[2], v[3]);
    }

    private static InvalidInputException broken(Path file, String why) {
        return new InvalidInputException(file + ": not a result tailor writes: " + why);
    }
}
