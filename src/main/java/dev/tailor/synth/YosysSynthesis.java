package dev.tailor.synth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.errors.RunFailedException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;
import dev.tailor.files.Programs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Yosys's {@code synth_xilinx} for the 7-series family on a design folder {@code tailor rtl}
 * wrote, and reads the cell counts it reports per module and for the design (docs/synthesis.md).
 * This is Yosys's synthesis, not Vivado's: no place and route, Yosys's own memory and DSP
 * inference; the counts are what Yosys mapped to, not what a bitstream would use.
 */
public final class YosysSynthesis {
    /** The program's name on the PATH. */
    public static final String TOOL = "yosys";
    public static final String LOG = "synth.log";
    public static final String STATS = "synth-stat.json";
    static final String DESIGN_TOP = "tailor_top";

    /**
     * @param top     the module synthesized (the whole design, or one stage's module)
     * @param modules each module's cells (their own, not their submodules')
     * @param design  the whole hierarchy under {@code top}
     */
    public record Result(String tool, String top, double seconds, Map<String, CellCounts> modules, CellCounts design) {
    }

    private YosysSynthesis() {
    }

    /** Refuses, in one line, when the Yosys program (a name on the PATH, or a path) is not there. */
    public static void requireYosys(String yosys) {
        Programs.require(yosys, "Yosys", "yosys", "--yosys");
    }

    /** Synthesizes {@code top} (null: the whole design) of the Verilog file {@code verilog} in {@code dir}. */
    public static Result run(Path dir, String verilog, String top, String yosys, long timeoutSeconds) {
        requireYosys(yosys);
        String module = top == null ? DESIGN_TOP : top;
        String script = "read_verilog -sv " + verilog + "; synth_xilinx -family xc7 -top " + module + "; stat; tee -q -o " + STATS + " stat -json";
        long t0 = System.nanoTime();
        try {
            Files.deleteIfExists(dir.resolve(STATS));
        } catch (IOException e) {
            throw new RunFailedException("cannot replace " + dir.resolve(STATS) + ": " + e.getMessage(), e);
        }
        Path out = dir.resolve("synth.out");
        int rc = Programs.run(List.of(yosys, "-q", "-l", LOG, "-p", script), dir, out, timeoutSeconds);
        if (rc != 0) {
            throw new IllegalStateException("Yosys could not synthesize " + dir + " (exit " + rc + "; its log is " + dir.resolve(LOG) + "): "
                    + Programs.tail(out, 5));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return parse(dir.resolve(STATS), module, seconds);
    }

    /** Reads {@code stat -json}'s output. */
    public static Result parse(Path stats, String top, double seconds) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(stats, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Yosys's statistics " + stats + ": " + e.getMessage(), e);
        }
        Map<String, CellCounts> modules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("modules").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            modules.put(m.getKey().startsWith("\\") ? m.getKey().substring(1) : m.getKey(), cells(m.getValue()));
        }
        JsonNode design = root.path("design");
        CellCounts total = design.isMissingNode() ? modules.values().stream().reduce(CellCounts.NONE, CellCounts::plus) : cells(design);
        return new Result(root.path("creator").asText("yosys"), top, seconds, modules, total);
    }

    private static CellCounts cells(JsonNode module) {
        Map<String, Long> m = new LinkedHashMap<>();
        module.path("num_cells_by_type").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return new CellCounts(m);
    }

    /** Writes the result as JSON (cells and resources per module and for the design). */
    public static void write(Result r, Path file, Map<String, Object> extra) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("note", "Yosys synth_xilinx for the 7-series family, not Vivado: no place and route; Yosys's own memory and DSP inference");
        o.put("tool", r.tool());
        o.put("top", r.top());
        o.put("seconds", r.seconds());
        o.putAll(extra);
        o.put("design", Map.of("resources", r.design().resources(), "cells", r.design().cells()));
        Map<String, Object> mods = new LinkedHashMap<>();
        r.modules().forEach((k, v) -> mods.put(k, Map.of("resources", v.resources(), "cells", v.cells())));
        o.put("modules", mods);
        try {
            AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
