package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.PartChoice;
import dev.tailor.net.NetSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The hls4ml-style dataflow design as command-line options (a picocli mixin): {@code tailor estimate}
 * and {@code tailor export} both take it, so an estimate and an exported hls4ml project built from
 * the same options describe the same design.
 */
public final class DataflowOptions {
    // No picocli defaults on the four bit widths: a fixed-point precision file sets them all, so one given beside it is refused.
    @Option(names = "--precision", paramLabel = "BITS", description = "Weight and activation bits of every layer. Default: 8.")
    Integer precision;

    @Option(names = "--weight-bits", defaultValue = "0", paramLabel = "BITS", description = "Weight bits, if not --precision.")
    int weightBits;

    @Option(names = "--activation-bits", defaultValue = "0", paramLabel = "BITS", description = "Activation (stream) bits, if not --precision.")
    int activationBits;

    @Option(names = "--accum", paramLabel = "BITS", description = "Accumulator bits. Default: 16.")
    Integer accum;

    @Option(names = "--layer-precision", paramLabel = "LAYER=W/A/ACC", split = ",",
            description = "Per-layer weight/activation/accumulator bits, e.g. stage3.block1.conv2=4/4/12.")
    List<String> layerPrecision = new ArrayList<>();

    @Option(names = "--precision-file", paramLabel = "FILE",
            description = "Per-layer precisions: a fixed-point precision file as 'quantize --profile' writes ('LAYER[.ROLE]: TYPE' lines, "
                    + "docs/fixed-point.md), which then sets every layer's types, or one 'LAYER W/A/ACC' a line ('#' starts a comment); "
                    + "--layer-precision wins.")
    Path precisionFile;

    @Option(names = "--reuse", defaultValue = "576", paramLabel = "RF", description = "Global reuse factor. Default: ${DEFAULT-VALUE}.")
    int reuse;

    @Option(names = "--layer-reuse", paramLabel = "LAYER=RF", split = ",", description = "Per-layer reuse factors, e.g. stage3.block1.conv2=64.")
    List<String> layerReuse = new ArrayList<>();

    @Option(names = "--strategy", defaultValue = "resource", description = "hls4ml strategy: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    DataflowConfig.Strategy strategy;

    @Option(names = "--fifo", defaultValue = "default",
            description = "Stream FIFO depths: default (whole maps, hls4ml's default), hls4ml (each at the highest occupancy of a "
                    + "simulated frame plus one, as hls4ml's FIFO-depth optimisation sets them), optimized (skip streams at their minimum "
                    + "safe depth, the rest 2 words) or fixed (every FIFO --fifo-depth deep). Default: ${DEFAULT-VALUE}.")
    DataflowConfig.FifoMode fifo;

    @Option(names = "--fifo-depth", paramLabel = "N", description = "Depth of every FIFO with --fifo fixed. Default: 2.")
    Integer fifoDepth;

    @Option(names = "--hls", defaultValue = "vivado",
            description = "HLS tool (hls4ml backend): ${COMPLETION-CANDIDATES} (vivado splits streams per channel, vitis packs them). "
                    + "Default: ${DEFAULT-VALUE}.")
    DataflowConfig.HlsFlavour hls;

    @Option(names = "--part", defaultValue = "xc7z020", converter = PartConverter.class, completionCandidates = PartNames.class,
            description = "FPGA part: ${COMPLETION-CANDIDATES} (auto: the smallest that the estimate fits). Default: ${DEFAULT-VALUE}.")
    PartChoice part;

    @Option(names = "--clock", defaultValue = "150", paramLabel = "MHZ", description = "FPGA clock in MHz. Default: ${DEFAULT-VALUE}.")
    double clock;

    /** Picocli converter: "auto" or a part name. */
    static final class PartConverter implements ITypeConverter<PartChoice> {
        @Override
        public PartChoice convert(String value) {
            try {
                return PartChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The values --part accepts, for --help. */
    static final class PartNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.concat(Stream.of("auto"), Stream.of(FpgaPart.values()).map(FpgaPart::toString)).iterator();
        }
    }

    PartChoice part() {
        return part;
    }

    /** The weight bits every layer has unless a per-layer setting says otherwise. */
    int uniformWeightBits() {
        return weightBits > 0 ? weightBits : bits();
    }

    private int bits() {
        return precision == null ? 8 : precision;
    }

    /** The design for {@code base}: a fixed-point precision file is resolved on every wiring of it. */
    DataflowConfig config(NetSpec base) {
        Precision uniform = HardwareOptions.flag("--precision/--weight-bits/--activation-bits/--accum",
                () -> new Precision(uniformWeightBits(), activationBits > 0 ? activationBits : bits(), accum == null ? 16 : accum));
        Map<String, Precision> perLayer = new HashMap<>();
        Precision global = uniform;
        PrecisionPlan plan = plan();
        if (plan != null) {
            requireNoUniformWidths();
            PlanWidths w = PlanWidths.of(plan, base);
            global = w.global();
            perLayer.putAll(w.layers());
        } else if (precisionFile != null) {
            perLayer.putAll(readPrecisionFile(precisionFile));
        }
        for (String[] kv : pairs(layerPrecision, "--layer-precision", "LAYER=W/A/ACC")) {
            perLayer.put(kv[0], HardwareOptions.flag("--layer-precision", () -> Precision.parse(kv[1])));
        }
        Map<String, Integer> rf = layerReuse();
        positive("--reuse", reuse);
        if (fifoDepth != null && fifo != DataflowConfig.FifoMode.FIXED) {
            throw new InvalidInputException("--fifo-depth applies to --fifo fixed (now --fifo "
                    + fifo.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        int depth = fifoDepth == null ? 2 : fifoDepth;
        positive("--fifo-depth", depth);
        positive("--clock", clock);
        Precision p = global;
        // Every value the builder checks has been checked above as the option it comes from: anything it refuses now is a bug.
        return DataflowConfig.builder().precision(p).layerPrecision(perLayer).reuseFactor(reuse).layerReuse(rf).strategy(strategy)
                .fifoMode(fifo).fifoDepth(depth).flavour(hls).clockMHz(clock).build();
    }

    /** A fixed-point precision file gives every layer its types: a uniform width beside it would be silently ignored. */
    private void requireNoUniformWidths() {
        List<String> given = new ArrayList<>();
        if (precision != null) {
            given.add("--precision");
        }
        if (weightBits > 0) {
            given.add("--weight-bits");
        }
        if (activationBits > 0) {
            given.add("--activation-bits");
        }
        if (accum != null) {
            given.add("--accum");
        }
        if (!given.isEmpty()) {
            throw new InvalidInputException(String.join(", ", given) + ": the fixed-point --precision-file " + precisionFile
                    + " sets every layer's types, including the default; drop " + (given.size() == 1 ? "it" : "them")
                    + " or change the file's 'default:' line");
        }
    }

    /** The precision file as a fixed-point plan when it is written as one ({@code KEY: TYPE} lines), else null. */
    PrecisionPlan plan() {
        if (precisionFile == null || !PlanWidths.isPlanFile(precisionFile)) {
            return null;
        }
        PrecisionPlan p = PrecisionPlan.read(precisionFile);
        if (!p.hasDefault()) {
            throw new InvalidInputException("--precision-file " + precisionFile + ": has no 'default:' line");
        }
        return p;
    }

    /**
     * Every layer the user named in a per-layer option (not those a fixed-point precision file sets,
     * which it checks itself), with the options that name it.
     */
    Map<String, String> namedLayers() {
        Map<String, String> named = new TreeMap<>();
        if (precisionFile != null && !PlanWidths.isPlanFile(precisionFile)) {
            readPrecisionFile(precisionFile).keySet().forEach(l -> named.put(l, "--precision-file " + precisionFile));
        }
        pairs(layerPrecision, "--layer-precision", "LAYER=W/A/ACC").forEach(kv -> named.put(kv[0], "--layer-precision"));
        layerReuse().keySet().forEach(l -> named.put(l, "--layer-reuse"));
        return named;
    }

    /**
     * Every layer a per-layer option names must be one of {@code known}; otherwise one line naming the
     * option, the network as {@code network} and the form of a layer name of {@code net}.
     */
    void checkLayerNames(Set<String> known, String network, NetSpec net) {
        namedLayers().forEach((layer, option) -> {
            if (!known.contains(layer)) {
                throw new InvalidInputException(option + ": " + network + " has no layer '" + layer + "' (names look like "
                        + net.blocks().get(0).name() + ".conv1)");
            }
        });
    }

    private Map<String, Integer> layerReuse() {
        return layerReuse(layerReuse);
    }

    /** {@code --layer-reuse LAYER=RF,...} as a map, each value checked positive. */
    static Map<String, Integer> layerReuse(List<String> items) {
        Map<String, Integer> rf = new HashMap<>();
        for (String[] kv : pairs(items, "--layer-reuse", "LAYER=RF")) {
            int value = HardwareOptions.flag("--layer-reuse", () -> Integer.parseInt(kv[1]));
            positive("--layer-reuse " + kv[0], value);
            rf.put(kv[0], value);
        }
        return rf;
    }

    static void positive(String option, double value) {
        if (!(value > 0)) {
            String shown = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
            throw new InvalidInputException(option + " must be positive, not " + shown);
        }
    }

    static Map<String, Precision> readPrecisionFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException("--precision-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        Map<String, Precision> out = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split("[=\\s]+");
            if (p.length != 2) {
                throw new InvalidInputException("--precision-file " + file + " line " + (i + 1) + ": expected 'LAYER W/A/ACC', got '" + line + "'");
            }
            int n = i + 1;
            out.put(p[0], HardwareOptions.flag("--precision-file " + file + " line " + n, () -> Precision.parse(p[1])));
        }
        return out;
    }

    private static List<String[]> pairs(List<String> items, String option, String form) {
        List<String[]> out = new ArrayList<>();
        for (String item : items) {
            String[] kv = item.split("=");
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new InvalidInputException(option + " '" + item + "' must be " + form);
            }
            out.add(new String[]{kv[0].trim(), kv[1].trim()});
        }
        return out;
    }
}
