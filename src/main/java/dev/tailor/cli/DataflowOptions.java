package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.DefaultPlan;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.Rounding;
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
    // No picocli defaults on the widths and types: a fixed-point precision file sets them all, so one given beside it is refused.
    @Option(names = "--precision", paramLabel = "W,I",
            description = "Every layer's type ap_fixed<W,I> (weights, biases, results), as quantize and rtl take it: export writes it, "
                    + "the estimate costs its width. Accumulators: --accum. Without this, a precision file or a width option: the "
                    + "default plan (weights ap_fixed<8,1>, biases and results ap_fixed<8,4>, AP_RND and AP_SAT, accumulators auto), "
                    + "the one quantize uses when given none.")
    String precision;

    @Option(names = "--accum", paramLabel = "W,I|auto", description = "Accumulator type with --precision: auto (hls4ml's inferred, exact; "
            + "the default) or W,I.")
    String accum;

    @Option(names = "--rounding", description = "Rounding of the --precision type: ${COMPLETION-CANDIDATES}. Default: TRN.")
    Rounding rounding;

    @Option(names = "--overflow", description = "Overflow of the --precision type: ${COMPLETION-CANDIDATES}. Default: WRAP.")
    Overflow overflow;

    @Option(names = "--weight-bits", defaultValue = "0", paramLabel = "BITS",
            description = "Weight bits of every layer, for a what-if estimate of widths alone (no type: quantize cannot check such a "
                    + "design; --precision W,I gives one).")
    int weightBits;

    @Option(names = "--activation-bits", defaultValue = "0", paramLabel = "BITS",
            description = "Activation (stream) bits of every layer, a what-if width as --weight-bits.")
    int activationBits;

    @Option(names = "--accum-bits", paramLabel = "BITS", description = "Accumulator bits of every layer, a what-if width as --weight-bits. "
            + "Default with width options: 16.")
    Integer accumBits;

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

    @Option(names = "--short-skips", paramLabel = "STRUCTURE",
            description = "How a short skip is built and costed: fused (Tailor's design, as tailor rtl generates it: the add sits in "
                    + "the output stage of the conv it spans) or hls4ml (as stock hls4ml builds the exported ONNX: a Clone, a skip "
                    + "stream, a projection conv and an Add layer of their own). Default: fused for estimate; export always writes "
                    + "what hls4ml builds, so it takes hls4ml only.")
    DataflowConfig.ShortSkips shortSkips;

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

    /** Whether any width-only (what-if) option is given: then the design has widths but no types. */
    private boolean widthsOnly() {
        return weightBits > 0 || activationBits > 0 || accumBits != null || !layerPrecision.isEmpty()
                || (precisionFile != null && !PlanWidths.isPlanFile(precisionFile));
    }

    /** The design for {@code base}: a fixed-point precision file is resolved on every wiring of it. */
    DataflowConfig config(NetSpec base) {
        Precision uniform = HardwareOptions.flag("--weight-bits/--activation-bits/--accum-bits",
                () -> new Precision(weightBits > 0 ? weightBits : 8, activationBits > 0 ? activationBits : 8, accumBits == null ? 16 : accumBits));
        Map<String, Precision> perLayer = new HashMap<>();
        Precision global = uniform;
        PrecisionPlan plan = plan();
        if (plan != null) {
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
                .fifoMode(fifo).fifoDepth(depth).flavour(hls).clockMHz(clock)
                .shortSkips(shortSkips == null ? DataflowConfig.ShortSkips.FUSED : shortSkips).build();
    }

    /**
     * The design's types: a fixed-point precision file, else the {@code --precision} type, else, with
     * no width option either, the default plan; null for a widths-only (what-if) design. Options that
     * would be silently ignored beside the one chosen are refused.
     */
    PrecisionPlan plan() {
        if (precisionFile != null && PlanWidths.isPlanFile(precisionFile)) {
            refuseBeside("the fixed-point --precision-file " + precisionFile + " sets every layer's types, including the default; drop "
                    + "%s or change the file's 'default:' line", true);
            PrecisionPlan p = PrecisionPlan.read(precisionFile);
            if (!p.hasDefault()) {
                throw new InvalidInputException("--precision-file " + precisionFile + ": has no 'default:' line");
            }
            return p;
        }
        if (precision != null) {
            type(precision, "--precision");
            refuseBeside("--precision " + precision + " gives every layer its type; drop %s or write the per-layer types in a "
                    + "precision file (docs/fixed-point.md)", false);
            return PrecisionPlan.uniform(type(precision, "--precision").with(rounding == null ? Rounding.TRN : rounding,
                    overflow == null ? Overflow.WRAP : overflow), accum == null || accum.equals("auto")
                    ? PrecisionPlan.Setting.AUTO_ACCUMULATOR : new PrecisionPlan.Setting(type(accum, "--accum")));
        }
        List<String> typeOptions = new ArrayList<>();
        if (accum != null) {
            typeOptions.add("--accum");
        }
        if (rounding != null) {
            typeOptions.add("--rounding");
        }
        if (overflow != null) {
            typeOptions.add("--overflow");
        }
        if (!typeOptions.isEmpty()) {
            throw new InvalidInputException(String.join(", ", typeOptions) + ": " + (typeOptions.size() == 1 ? "it applies" : "they apply")
                    + " to the --precision W,I type; add --precision");
        }
        return widthsOnly() ? null : DefaultPlan.plan();
    }

    /** One line saying which types the design has, for the output of estimate and export. */
    String typesLine() {
        if (precisionFile != null && PlanWidths.isPlanFile(precisionFile)) {
            return "types: --precision-file " + precisionFile;
        }
        if (precision != null) {
            return "types: --precision " + plan().setting(PrecisionPlan.DEFAULT, dev.tailor.fixedpoint.Role.RESULT) + ", accumulators "
                    + plan().setting(PrecisionPlan.DEFAULT, dev.tailor.fixedpoint.Role.ACCUM);
        }
        return widthsOnly() ? "types: none, widths only (a what-if: no quantize run simulates this design; --precision W,I gives it types)"
                : "types: " + DefaultPlan.describe() + ", as quantize uses without options";
    }

    /** A W,I type; a bare number (the old widths-only form) is refused with the options that now say it. */
    private static FixedType type(String text, String option) {
        if (text.strip().matches("\\d+")) {
            String widths = option.equals("--accum") ? "--accum-bits " + text.strip() : "--weight-bits " + text.strip() + " --activation-bits " + text.strip();
            throw new InvalidInputException(option + " " + text.strip() + ": give a type W,I (ap_fixed<W,I>, as quantize and rtl take it), "
                    + "e.g. " + option + " " + text.strip() + "," + Math.max(1, (Integer.parseInt(text.strip()) + 1) / 2)
                    + "; for a what-if estimate of widths alone: " + widths);
        }
        return PrecisionOptions.type(text, option);
    }

    /** Refuses the options that {@code reason} would override; {@code withPrecision}: --precision counts among them. */
    private void refuseBeside(String reason, boolean withPrecision) {
        List<String> given = new ArrayList<>();
        if (withPrecision && precision != null) {
            given.add("--precision");
        }
        if (weightBits > 0) {
            given.add("--weight-bits");
        }
        if (activationBits > 0) {
            given.add("--activation-bits");
        }
        if (accumBits != null) {
            given.add("--accum-bits");
        }
        if (withPrecision && accum != null) {
            given.add("--accum");
        }
        if (!layerPrecision.isEmpty()) {
            given.add("--layer-precision");
        }
        if (precisionFile != null && !PlanWidths.isPlanFile(precisionFile)) {
            given.add("--precision-file " + precisionFile + " (widths only)");
        }
        if (!given.isEmpty()) {
            throw new InvalidInputException(String.join(", ", given) + ": " + String.format(reason, given.size() == 1 ? "it" : "them"));
        }
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
