package dev.tailor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.Json;
import dev.tailor.hardware.fpga.Fit;
import dev.tailor.hardware.fpga.PartChoice;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.synth.CellCounts;
import dev.tailor.synth.YosysSynthesis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Synthesizes a design tailor rtl wrote with Yosys for Xilinx 7-series, and puts the counts beside the estimate. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Synthesize a design 'tailor rtl' wrote with Yosys and put its resources beside the estimate.",
                "Yosys's synth_xilinx for the 7-series maps it to LUTs (logic and memory),",
                "flip-flops, BRAM18 (a RAMB36 counts two) and DSP48 slices, printed per",
                "stage and stream and in total beside Tailor's estimate of the same design.",
                "Yosys, not Vivado: no place and route, Yosys's own memory and DSP",
                "inference (docs/synthesis.md). A whole network takes many minutes; --top",
                "synthesizes one stage's module.",
                "Example: tailor synth rtl/remove --part xc7z020"})
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A design folder written by tailor rtl.")
    Path dir;

    @Option(names = "--top", paramLabel = "MODULE", description = "Synthesize only this module (a stage's, e.g. stage_stem_conv; design.json lists them).")
    String top;

    @Option(names = "--part", defaultValue = "xc7z020", converter = DataflowOptions.PartConverter.class,
            completionCandidates = DataflowOptions.PartNames.class,
            description = "FPGA part the counts are fitted on: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    PartChoice part;

    @Option(names = "--yosys", defaultValue = YosysSynthesis.TOOL, paramLabel = "PROGRAM", description = "The Yosys program (a name on the PATH or a path). Default: ${DEFAULT-VALUE}.")
    String yosys;

    @Option(names = "--timeout", defaultValue = "7200", paramLabel = "SECONDS", converter = Counts.Positive.class,
            description = "Give up after this long. Default: ${DEFAULT-VALUE}.")
    int timeout;

    @Option(names = "--from-stats",
            description = "Print the table again from the last synthesis's statistics (synth-stat.json) without running Yosys.")
    boolean fromStats;

    @Override
    public Integer call() {
        JsonNode design = design();
        Map<String, String> rowOf = new LinkedHashMap<>();
        Map<String, Boolean> skip = new HashMap<>();
        design.path("stages").forEach(s -> rowOf.put(s.path("module").asText(), s.path("name").asText()));
        design.path("streams").forEach(s -> {
            rowOf.put(s.path("module").asText(), s.path("name").asText());
            skip.put(s.path("name").asText(), s.path("skip").asBoolean());
        });
        if (top != null && !rowOf.containsKey(top)) {
            throw new InvalidInputException("--top " + top + ": " + dir + " has no such module (design.json lists the stages' and streams' modules)");
        }
        PrintWriter o = spec.commandLine().getOut();
        YosysSynthesis.Result r;
        if (fromStats) {
            Path stats = dir.resolve(YosysSynthesis.STATS);
            if (!Files.isRegularFile(stats)) {
                throw new InvalidInputException("--from-stats: " + dir + " has no " + YosysSynthesis.STATS + ": synthesize it first (without --from-stats)");
            }
            o.println("Yosys synth_xilinx (7-series), not Vivado: the statistics of the last synthesis in " + dir + ".");
            r = YosysSynthesis.parse(stats, top == null ? "tailor_top" : top, 0);
        } else {
            YosysSynthesis.requireYosys(yosys);
            o.println("Yosys synth_xilinx (7-series), not Vivado: no place and route; Yosys's own memory and DSP inference.");
            o.flush();
            r = YosysSynthesis.run(dir, dev.tailor.rtl.RtlWriter.VERILOG, top, yosys, timeout);
        }
        o.printf(Locale.ROOT, "synthesized %s (%s) in %.1f s with %s%n", top == null ? "the whole design" : top, design.path("network").asText(),
                r.seconds(), r.tool());
        Map<String, Resources> estimated = estimated(design);
        o.printf(Locale.ROOT, "%-52s %8s %8s %8s %7s %5s   %s%n", "stage or stream (* skip)", "LUT", "of them", "FF", "BRAM18", "DSP",
                "estimated LUT / FF / BRAM18 / DSP");
        o.printf(Locale.ROOT, "%-52s %8s %8s %8s %7s %5s%n", "", "", "memory", "", "", "");
        CellCounts fifos = CellCounts.NONE;
        for (Map.Entry<String, String> e : rowOf.entrySet()) {
            CellCounts c = r.modules().get(e.getKey());
            if (c == null) {
                continue;
            }
            String name = e.getValue();
            boolean stream = skip.containsKey(name);
            if (stream) {
                fifos = fifos.plus(c);
            }
            row(o, (stream && skip.get(name) ? "* " : "  ") + name, c, estimated.get(name));
        }
        CellCounts total = r.design();
        Resources est = top == null ? resources(design.path("estimate")) : estimated.get(rowOf.get(top));
        row(o, "total", total, est);
        Fit fit = part.fit(total.resources());
        o.printf(Locale.ROOT, "on %s: BRAM18 %.0f %%, DSP %.0f %%, FF %.0f %%, LUT %.0f %%: %s%n", fit.part(), fit.bram18Pct(), fit.dspPct(), fit.ffPct(),
                fit.lutPct(), fit.fits() ? "fits" : "does not fit");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("network", design.path("network").asText());
        extra.put("part", fit.part().toString());
        extra.put("fits", fit.fits());
        if (est != null) {
            extra.put("estimate", est);
        }
        Path json = dir.resolve(top == null ? "synth.json" : "synth-" + top + ".json");
        YosysSynthesis.write(r, json, extra);
        o.printf("wrote %s (cells and resources per module)%n", json);
        o.flush();
        return 0;
    }

    private JsonNode design() {
        Path file = dir.resolve(dev.tailor.rtl.RtlWriter.DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + ": not a design folder (no " + dev.tailor.rtl.RtlWriter.DESCRIPTION + "): write one with tailor rtl");
        }
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not readable as the design description tailor rtl writes (" + e.getMessage() + ")");
        }
    }

    /** The estimate's rows by stage and stream name. */
    private static Map<String, Resources> estimated(JsonNode design) {
        Map<String, Resources> m = new HashMap<>();
        design.path("estimate").path("stages").forEach(s -> m.put(s.path("stage").asText(), resources(s)));
        design.path("estimate").path("fifos").forEach(f -> m.put(f.path("from").asText() + " -> " + f.path("to").asText(), resources(f)));
        return m;
    }

    private static Resources resources(JsonNode n) {
        return new Resources(n.path("BRAM18").asLong(), n.path("FF").asLong(), n.path("LUT").asLong(), n.path("DSP").asLong());
    }

    private static void row(PrintWriter o, String name, CellCounts c, Resources est) {
        String e = est == null ? "" : String.format(Locale.ROOT, "%,d / %,d / %d / %d", est.lut(), est.ff(), est.bram18(), est.dsp());
        o.printf(Locale.ROOT, "%-52s %,8d %,8d %,8d %7d %5d   %s%n", name, c.logicLuts() + c.memoryLuts(), c.memoryLuts(), c.ff(), c.bram18(),
                c.dsp(), e);
    }
}
