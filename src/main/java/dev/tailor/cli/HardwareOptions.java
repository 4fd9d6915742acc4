package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.PartChoice;
import dev.tailor.hardware.pearray.PeArrayConfig;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The hardware models' settings as command-line options (a picocli mixin), turned into a {@link HardwareConfig}. */
public final class HardwareOptions {
    /** Which models run. */
    enum Target {
        DATAFLOW, PE_ARRAY, BOTH;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Option(names = "--target", defaultValue = "both", description = "Models to run: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Target target;

    @Option(names = "--precision", defaultValue = "8", paramLabel = "BITS", description = "Weight and activation bits of every layer. Default: ${DEFAULT-VALUE}.")
    int precision;

    @Option(names = "--weight-bits", defaultValue = "0", description = "Weight bits, if not --precision.")
    int weightBits;

    @Option(names = "--activation-bits", defaultValue = "0", description = "Activation (stream) bits, if not --precision.")
    int activationBits;

    @Option(names = "--accum", defaultValue = "16", description = "Accumulator bits. Default: ${DEFAULT-VALUE}.")
    int accum;

    @Option(names = "--layer-precision", paramLabel = "LAYER=W/A/ACC", split = ",",
            description = "Per-layer weight/activation/accumulator bits, e.g. stage3.block1.conv2=4/4/12 (dataflow model).")
    List<String> layerPrecision = new ArrayList<>();

    @Option(names = "--precision-file", paramLabel = "FILE",
            description = "Per-layer precisions: a fixed-point precision file as 'quantize --profile' writes ('LAYER[.ROLE]: TYPE' lines, "
                    + "docs/fixed-point.md), which then sets every layer's widths, or one 'LAYER W/A/ACC' a line ('#' starts a comment); "
                    + "--layer-precision wins.")
    Path precisionFile;

    @Option(names = "--reuse", defaultValue = "576", description = "Global reuse factor. Default: ${DEFAULT-VALUE}.")
    int reuse;

    @Option(names = "--layer-reuse", paramLabel = "LAYER=RF", split = ",", description = "Per-layer reuse factors, e.g. stage3.block1.conv2=64.")
    List<String> layerReuse = new ArrayList<>();

    @Option(names = "--strategy", defaultValue = "resource", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    DataflowConfig.Strategy strategy;

    @Option(names = "--fifo", defaultValue = "default",
            description = "Stream FIFO depths: default (whole maps, hls4ml's default), optimized (each at its minimum safe depth) "
                    + "or fixed (every FIFO --fifo-depth deep). Default: ${DEFAULT-VALUE}.")
    DataflowConfig.FifoMode fifo;

    @Option(names = "--fifo-depth", defaultValue = "2", description = "Depth of every FIFO with --fifo fixed. Default: ${DEFAULT-VALUE}.")
    int fifoDepth;

    @Option(names = "--hls", defaultValue = "vivado", description = "${COMPLETION-CANDIDATES} (vivado splits streams per channel, vitis packs them). Default: ${DEFAULT-VALUE}.")
    DataflowConfig.HlsFlavour hls;

    @Option(names = "--part", defaultValue = "xc7z020", converter = PartConverter.class, completionCandidates = PartNames.class,
            description = "FPGA part for %% use and fit: ${COMPLETION-CANDIDATES} (auto: the smallest that fits). Default: ${DEFAULT-VALUE}.")
    PartChoice part;

    @Option(names = "--clock", defaultValue = "150", description = "FPGA clock in MHz. Default: ${DEFAULT-VALUE}.")
    double clock;

    @Option(names = "--array", defaultValue = "32x32", paramLabel = "RxC", description = "PE array rows x columns. Default: ${DEFAULT-VALUE}.")
    String array;

    @Option(names = "--dataflow", defaultValue = "os",
            description = "PE-array dataflow: ${COMPLETION-CANDIDATES} (output-, weight-, input-stationary). Default: ${DEFAULT-VALUE}.")
    PeArrayConfig.Dataflow dataflow;

    @Option(names = "--sram-kib", defaultValue = "512", description = "Each of the input, weight and output SRAMs, KiB. Default: ${DEFAULT-VALUE}.")
    int sramKib;

    @Option(names = "--dram-bytes-per-cycle", defaultValue = "16", description = "DRAM bandwidth. Default: ${DEFAULT-VALUE}.")
    double dramBytes;

    @Option(names = "--pe-clock", defaultValue = "500", description = "PE-array clock in MHz. Default: ${DEFAULT-VALUE}.")
    double peClock;

    @Option(names = "--fuse-add", description = "Fuse long-skip adds into the last conv's output stage (no separate add pass).")
    boolean fuseAdd;

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

    /** The configuration for {@code base} (whose wirings a fixed-point precision file is resolved on). */
    HardwareConfig toConfig(NetSpec base) {
        DataflowConfig df = target == Target.PE_ARRAY ? null : dataflowConfig(base);
        PeArrayConfig pe = target == Target.DATAFLOW ? null : peConfig();
        return new HardwareConfig(df, pe, part);
    }

    DataflowConfig dataflowConfig(NetSpec base) {
        Precision uniform = flag("--precision/--weight-bits/--activation-bits/--accum", () -> new Precision(weightBits > 0 ? weightBits : precision,
                activationBits > 0 ? activationBits : precision, accum));
        Map<String, Precision> perLayer = new HashMap<>();
        Precision p = uniform;
        if (precisionFile != null && PlanWidths.isPlanFile(precisionFile)) {
            PlanWidths w = PlanWidths.of(PrecisionPlan.read(precisionFile), base);
            p = w.global();
            perLayer.putAll(w.layers());
        } else if (precisionFile != null) {
            perLayer.putAll(readPrecisionFile(precisionFile));
        }
        for (String[] kv : pairs(layerPrecision, "--layer-precision", "LAYER=W/A/ACC")) {
            perLayer.put(kv[0], flag("--layer-precision", () -> Precision.parse(kv[1])));
        }
        Map<String, Integer> rf = new HashMap<>();
        for (String[] kv : pairs(layerReuse, "--layer-reuse", "LAYER=RF")) {
            rf.put(kv[0], flag("--layer-reuse", () -> Integer.parseInt(kv[1])));
        }
        positive("--reuse", reuse);
        positive("--fifo-depth", fifoDepth);
        positive("--clock", clock);
        Precision global = p;
        return flag("--layer-reuse", () -> DataflowConfig.builder().precision(global).layerPrecision(perLayer).reuseFactor(reuse)
                .layerReuse(rf).strategy(strategy).fifoMode(fifo).fifoDepth(fifoDepth).flavour(hls).clockMHz(clock).build());
    }

    PeArrayConfig peConfig() {
        String[] rc = array.toLowerCase(Locale.ROOT).split("x");
        if (rc.length != 2 || !rc[0].trim().matches("[1-9][0-9]{0,4}") || !rc[1].trim().matches("[1-9][0-9]{0,4}")) {
            throw new InvalidInputException("--array must be ROWSxCOLS with positive numbers, e.g. 32x32, not '" + array + "'");
        }
        positive("--sram-kib", sramKib);
        positive("--dram-bytes-per-cycle", dramBytes);
        positive("--pe-clock", peClock);
        long sram = (long) sramKib << 10;
        return PeArrayConfig.builder().array(Integer.parseInt(rc[0].trim()), Integer.parseInt(rc[1].trim())).dataflow(dataflow)
                .sramBytes(sram, sram, sram).dramBytesPerCycle(dramBytes).clockMHz(peClock).bytesPerElement(Math.max(1, precision / 8))
                .fuseAdd(fuseAdd).build();
    }

    private static void positive(String option, double value) {
        if (!(value > 0)) {
            throw new InvalidInputException(option + " must be positive, not " + (value == Math.rint(value) ? (long) value : value));
        }
    }

    /** Every layer name the per-layer options mention, with the options that can name it. */
    Map<String, String> namedLayers(NetSpec base) {
        DataflowConfig c = dataflowConfig(base);
        Map<String, String> named = new TreeMap<>();
        c.layerPrecision().keySet().forEach(l -> named.put(l, "--layer-precision/--precision-file"));
        c.layerReuse().keySet().forEach(l -> named.put(l, "--layer-reuse"));
        return named;
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
            out.put(p[0], flag("--precision-file " + file + " line " + n, () -> Precision.parse(p[1])));
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

    /** Runs a conversion and turns its error into a user error naming the option (lower layers never name flags). */
    static <T> T flag(String option, Supplier<T> f) {
        try {
            return f.get();
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + ": " + e.getMessage().replace("For input string", "not a number"));
        } catch (IllegalArgumentException | InvalidInputException e) {
            String m = String.valueOf(e.getMessage());
            throw new InvalidInputException(m.startsWith(option) ? m : option + ": " + m);
        }
    }
}
