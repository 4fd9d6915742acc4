package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.hardware.Comparison;
import dev.tailor.hardware.DataflowConfig;
import dev.tailor.hardware.DataflowModel;
import dev.tailor.hardware.FpgaPart;
import dev.tailor.hardware.PeArrayConfig;
import dev.tailor.hardware.PeArrayModel;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.train.AtomicFiles;
import dev.tailor.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Side-by-side hardware estimates of skip variants. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimate what a network's skips cost on an hls4ml-style FPGA dataflow design and on a 2D PE array",
                "with DRAM, for several skip variants side by side (the first is the baseline). All figures are estimates",
                "from first-order analytic models, not synthesis or simulation.",
                "Example: tailor estimate --model resnet8 --skips long,short,none --policy long,none,short --target both"})
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "resnet8", description = "Model from the zoo. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--input", paramLabel = "CxHxW", description = "Input shape (default: 3x32x32 CIFAR family, 3x224x224 ImageNet family).")
    String input;

    @Option(names = "--classes", defaultValue = "0", description = "Classes (0: family default).")
    int classes;

    @Option(names = "--width", defaultValue = "0", description = "First-stage channels (0: family default).")
    int width;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Estimate the network a checkpoint holds (its shape, width and wiring) instead of --model; it becomes a row, the all-long original the baseline.")
    Path checkpoint;

    @Option(names = "--skips", defaultValue = "long,short,none", split = ",",
            description = "Uniform variants to compare, each applied to every block. Default: ${DEFAULT-VALUE}.")
    List<String> skips;

    @Option(names = "--policy", paramLabel = "MODES",
            description = "A per-block variant (one mode per block, input side first, comma-separated); repeatable.")
    List<String> policies = new ArrayList<>();

    @Option(names = "--target", defaultValue = "both", description = "dataflow, pe-array or both. Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--precision", defaultValue = "8", description = "Weight and activation bits. Default: ${DEFAULT-VALUE}.")
    int precision;

    @Option(names = "--weight-bits", defaultValue = "0", description = "Weight bits, if not --precision.")
    int weightBits;

    @Option(names = "--activation-bits", defaultValue = "0", description = "Activation (stream) bits, if not --precision.")
    int activationBits;

    @Option(names = "--accum", defaultValue = "16", description = "Accumulator bits. Default: ${DEFAULT-VALUE}.")
    int accum;

    @Option(names = "--breakdown", description = "Also print every variant's per-stage (dataflow) and per-layer (PE array) figures.")
    boolean breakdown;

    @Option(names = "--reuse", defaultValue = "576", description = "Global reuse factor. Default: ${DEFAULT-VALUE}.")
    int reuse;

    @Option(names = "--layer-reuse", paramLabel = "LAYER=RF", split = ",", description = "Per-layer reuse factors, e.g. stage3.block1.conv2=64.")
    List<String> layerReuse = new ArrayList<>();

    @Option(names = "--strategy", defaultValue = "resource", description = "resource or latency. Default: ${DEFAULT-VALUE}.")
    String strategy;

    @Option(names = "--fifo", defaultValue = "default", description = "default (whole-map FIFOs, hls4ml's default) or optimized (lag-sized). Default: ${DEFAULT-VALUE}.")
    String fifo;

    @Option(names = "--hls", defaultValue = "vivado", description = "vivado (streams split per channel) or vitis (packed). Default: ${DEFAULT-VALUE}.")
    String hls;

    @Option(names = "--part", defaultValue = "xc7z020", description = "FPGA part for %% use: xc7z020, xc7a100t, xczu7ev, xczu9eg, xcu250. Default: ${DEFAULT-VALUE}.")
    String part;

    @Option(names = "--clock", defaultValue = "150", description = "FPGA clock in MHz. Default: ${DEFAULT-VALUE}.")
    double clock;

    @Option(names = "--array", defaultValue = "32x32", description = "PE array rows x columns. Default: ${DEFAULT-VALUE}.")
    String array;

    @Option(names = "--dataflow", defaultValue = "os", description = "PE-array dataflow: os (output-stationary) or ws (weight-stationary). Default: ${DEFAULT-VALUE}.")
    String dataflow;

    @Option(names = "--sram-kib", defaultValue = "512", description = "Each of the input, weight and output SRAMs, KiB. Default: ${DEFAULT-VALUE}.")
    int sramKib;

    @Option(names = "--dram-bytes-per-cycle", defaultValue = "16", description = "DRAM bandwidth. Default: ${DEFAULT-VALUE}.")
    double dramBytes;

    @Option(names = "--pe-clock", defaultValue = "500", description = "PE-array clock in MHz. Default: ${DEFAULT-VALUE}.")
    double peClock;

    @Option(names = "--fuse-add", description = "Fuse long-skip adds into the last conv's output stage (no separate add pass).")
    boolean fuseAdd;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table as CSV.")
    Path csv;

    @Override
    public Integer call() {
        NetSpec base = baseSpec();
        boolean df = target.equals("dataflow") || target.equals("both");
        boolean pe = target.equals("pe-array") || target.equals("both");
        if (!df && !pe) {
            throw new InvalidInputException("--target must be dataflow, pe-array or both, not '" + target + "'");
        }
        DataflowModel dataflowModel = df ? new DataflowModel(dataflowConfig()) : null;
        PeArrayModel peModel = pe ? new PeArrayModel(peConfig()) : null;
        List<String[]> variants = new ArrayList<>();
        for (String s : skips) {
            variants.add(new String[]{SkipMode.parse(s).label(), s});
        }
        for (String p : policies) {
            variants.add(new String[]{"policy", p});
        }
        Comparison table = new Comparison();
        if (checkpoint != null) {
            table.add(row("original", base.withTopology(Topology.STANDARD).withAllSkips(SkipMode.LONG), dataflowModel, peModel));
            table.add(row("checkpoint", base, dataflowModel, peModel));
        }
        for (String[] v : variants) {
            List<SkipMode> modes = ModelOptions.parseSkips(v[1], base.skipCount());
            // Short skips use the short-teacher topology SkipShortener trains; the others the standard one.
            Topology t = modes.contains(SkipMode.SHORT) && !modes.contains(SkipMode.LONG) ? Topology.SHORT_TEACHER : Topology.STANDARD;
            table.add(row(v[0], base.withTopology(t).withSkips(modes), dataflowModel, peModel));
        }
        out().println("Hardware ESTIMATES for " + base.model() + " " + base.input() + " (first-order models, not synthesis; change vs first row)");
        if (df) {
            out().println("dataflow: " + dataflowModel.config().describe());
        }
        if (pe) {
            out().println("PE array: " + peModel.config().describe());
        }
        out().print(table.markdown());
        if (breakdown) {
            for (Comparison.Row r : table.rows()) {
                out().println();
                out().print(Breakdown.text(r));
            }
        }
        if (csv != null) {
            AtomicFiles.writeString(csv, table.csv());
        }
        if (json != null) {
            AtomicFiles.writeString(json, toJson(table, base));
        }
        return 0;
    }

    private static Comparison.Row row(String label, NetSpec s, DataflowModel df, PeArrayModel pe) {
        String skipsLabel = String.join(",", s.skips().stream().map(SkipMode::label).toList());
        return new Comparison.Row(label, skipsLabel, s.graph().totalParams(), s.graph().totalMacs(),
                df == null ? null : df.estimate(s), pe == null ? null : pe.estimate(s));
    }

    private NetSpec baseSpec() {
        if (checkpoint != null) {
            return Checkpoint.load(checkpoint).spec();
        }
        NetSpec d = ModelZoo.build(model);
        return ModelZoo.build(model, input == null ? d.input() : Shape.parse(input), classes == 0 ? d.classes() : classes, width);
    }

    DataflowConfig dataflowConfig() {
        Map<String, Integer> per = new HashMap<>();
        for (String lr : layerReuse) {
            String[] p = lr.split("=");
            if (p.length != 2) {
                throw new InvalidInputException("--layer-reuse '" + lr + "' must be LAYER=RF");
            }
            per.put(p[0].trim(), Integer.parseInt(p[1].trim()));
        }
        return new DataflowConfig(weightBits > 0 ? weightBits : precision, activationBits > 0 ? activationBits : precision, accum,
                reuse, per,
                choice(DataflowConfig.Strategy.class, strategy, "--strategy"),
                choice(DataflowConfig.FifoMode.class, fifo.replace("optimised", "optimized"), "--fifo"),
                choice(DataflowConfig.HlsFlavour.class, hls, "--hls"), clock, FpgaPart.of(part));
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new InvalidInputException(option + " '" + value + "' is not one of "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }

    PeArrayConfig peConfig() {
        String[] rc = array.toLowerCase(Locale.ROOT).split("x");
        if (rc.length != 2) {
            throw new InvalidInputException("--array must be ROWSxCOLS, e.g. 32x32, not '" + array + "'");
        }
        PeArrayConfig.Dataflow d = switch (dataflow.toLowerCase(Locale.ROOT)) {
            case "os", "output-stationary" -> PeArrayConfig.Dataflow.OUTPUT_STATIONARY;
            case "ws", "weight-stationary" -> PeArrayConfig.Dataflow.WEIGHT_STATIONARY;
            default -> throw new InvalidInputException("--dataflow must be os or ws, not '" + dataflow + "'");
        };
        long sram = (long) sramKib << 10;
        return new PeArrayConfig(Integer.parseInt(rc[0]), Integer.parseInt(rc[1]), d, sram, sram, sram, dramBytes, peClock,
                Math.max(1, precision / 8), fuseAdd);
    }

    private static String toJson(Comparison table, NetSpec base) {
        ObjectNode root = Checkpoint.JSON.createObjectNode();
        root.put("note", "estimates from first-order analytic models, not synthesis or simulation");
        root.put("model", base.model());
        root.put("input", base.input().toString());
        ArrayNode rows = root.putArray("variants");
        for (Comparison.Row r : table.rows()) {
            ObjectNode o = rows.addObject();
            o.put("variant", r.label());
            o.put("skips", r.skips());
            Comparison.figures(r).forEach(o::put);
        }
        try {
            return Checkpoint.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
