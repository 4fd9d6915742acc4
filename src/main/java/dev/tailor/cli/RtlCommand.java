package dev.tailor.cli;

import dev.tailor.data.DataPart;
import dev.tailor.data.Dataset;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;
import dev.tailor.files.OutputTargets;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.net.Layer;
import dev.tailor.net.NetSpec;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.rtl.RtlDesign;
import dev.tailor.rtl.RtlSimulation;
import dev.tailor.rtl.RtlVerification;
import dev.tailor.rtl.RtlWriter;
import dev.tailor.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Writes a checkpoint's fixed-point network as a Verilog dataflow design, and proves it bit-exact in Verilator. */
@Command(name = "rtl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a checkpoint's fixed-point network as synthesizable Verilog, and check it bit for bit in Verilator.",
                "One pipeline stage per stage of the dataflow model (padding, conv with",
                "BN folded and its line buffer, fused short skip, clone, add, ReLU, pool,",
                "dense), a FIFO of the model's depth on every stream, weight ROMs read by",
                "as many multipliers as the reuse factor leaves (docs/rtl.md). The types",
                "are quantize's (--precision W,I or a precision file). --verify N builds",
                "it with Verilator, streams N test images through it and compares every",
                "output integer with quantize's bit-exact simulation.",
                "Example: tailor rtl --checkpoint runs/demo/tailor-remove/best.ckpt",
                "           --dataset fashion-mnist --precision 8,3 --out rtl/remove --verify 100"})
public final class RtlCommand implements Callable<Integer> {
    /** The RTL's outputs, in the format of quantize --per-image: the two files compare line by line. */
    static final String OUTPUTS = "outputs.csv";

    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOnData input;

    @Mixin
    PrecisionOptions precision;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for the design: tailor.v, the ROM files, testbench.cpp, design.json (a new or empty folder, or one tailor rtl wrote).")
    Path out;

    @Option(names = "--reuse", defaultValue = "576", paramLabel = "RF",
            description = "Reuse factor: cycles each multiplier spends per output pixel (a layer gets the largest divisor of its weights not above it). Default: ${DEFAULT-VALUE}.")
    int reuse;

    @Option(names = "--layer-reuse", paramLabel = "LAYER=RF", split = ",", description = "Per-layer reuse factors, e.g. stage3.block1.conv2=64.")
    List<String> layerReuse = new ArrayList<>();

    @Option(names = "--fifo", defaultValue = "default",
            description = "Stream FIFO depths: default (whole maps), hls4ml (as hls4ml's FIFO-depth optimisation sets them), "
                    + "optimized (skip streams at their minimum safe depth, the rest 2 words) or fixed (--fifo-depth). Default: ${DEFAULT-VALUE}.")
    DataflowConfig.FifoMode fifo;

    @Option(names = "--fifo-depth", paramLabel = "N", description = "Depth of every FIFO with --fifo fixed. Default: 2.")
    Integer fifoDepth;

    @Option(names = "--verify", defaultValue = "0", paramLabel = "N", converter = Counts.NonNegative.class,
            description = "Build with Verilator and run the first N test images through the design, every output integer compared. Default: 0 (write only).")
    int verify;

    @Option(names = "--deadlock-check",
            description = "With --verify: run every skip stream one word below its minimum safe depth (it must hang) and at it (it must not).")
    boolean deadlockCheck;

    @Option(names = "--jobs", defaultValue = "2", paramLabel = "N", converter = Counts.Positive.class,
            description = "Parallel jobs: compiler processes for the Verilator build, then simulations the images are split over. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--verilator", defaultValue = RtlSimulation.TOOL, paramLabel = "PROGRAM",
            description = "The Verilator program --verify runs (a name on the PATH or a path). Default: ${DEFAULT-VALUE}.")
    String verilator;

    @Override
    public Integer call() {
        OutputTargets.folder(out, "--out");
        if (deadlockCheck && verify == 0) {
            throw new InvalidInputException("--deadlock-check runs images through the design: add --verify N");
        }
        DataflowConfig cfg = dataflow();
        if (verify > 0) {
            RtlSimulation.requireVerilator(verilator);
        }
        PrintWriter o = spec.commandLine().getOut();
        Checkpoint ck;
        Dataset test = null;
        if (verify > 0) {
            CheckpointOnData.Loaded in = input.load(DataPart.TEST, spec.commandLine().getErr());
            ck = in.checkpoint();
            test = in.data();
        } else {
            ck = Checkpoint.load(input.file());
        }
        NetSpec net = ck.spec();
        DeployedNetwork deployed = PrecisionOptions.deployed(ck);
        List<String> layers = deployed.graph().layers().stream().map(Layer::name).toList();
        PrecisionPlan plan = precision.planFor(deployed, ck, input.file());
        cfg.layerReuse().keySet().forEach(l -> {
            if (!layers.contains(l)) {
                throw new InvalidInputException("--layer-reuse: " + net.describe() + " has no layer '" + l + "' (names look like "
                        + net.blocks().get(0).name() + ".conv1)");
            }
        });
        QuantizedNetwork q = QuantizedNetwork.of(deployed, plan);
        // The estimate beside the design costs the plan's widths, as estimate --precision-file would.
        PlanWidths widths = PlanWidths.of(plan, net);
        cfg = cfg.toBuilder().precision(widths.global()).layerPrecision(widths.layers()).build();
        RtlDesign d = RtlDesign.of(q, cfg);
        RtlWriter.write(d, out);
        long roms = d.stages().stream().filter(s -> s.macs() != null).count();
        int multipliers = d.stages().stream().filter(s -> s.macs() != null).mapToInt(s -> s.macs().multipliers()).sum();
        o.printf(Locale.ROOT, "wrote %s: %s, %d stages, %d streams, %d multipliers (+ fused projections), weight ROMs for %d layers%n", out,
                d.network(), d.stages().size(), d.fifos().size(), multipliers, roms);
        o.printf(Locale.ROOT, "  %s; dataflow %s%n", RtlWriter.VERILOG, cfg.describe().replaceAll(", w\\d+/a\\d+/acc\\d+ bit[^,]*", ""));
        d.fifos().stream().filter(s -> s.depth() < s.minSafe()).forEach(s -> o.printf(Locale.ROOT,
                "  warning: %s is %d deep, below its minimum safe depth %d: the design will hang (--fifo optimized sizes it)%n",
                s.name(), s.depth(), s.minSafe()));
        if (verify == 0) {
            o.println("  build and check it: add --verify N (needs verilator)");
            o.flush();
            return 0;
        }
        double build = RtlSimulation.build(out, verilator, jobs);
        o.printf(Locale.ROOT, "built with Verilator in %.1f s%n", build);
        int n = Math.min(verify, test.size());
        float[] flat = CalibrationImages.first(test, ck.normalization(), n);
        int per = (int) net.input().elements();
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(java.util.Arrays.copyOfRange(flat, i * per, (i + 1) * per));
        }
        RtlVerification.Report r = RtlVerification.verify(d, out, images, Map.of(), "verify", jobs);
        print(o, r);
        PerImageCsv perImage = new PerImageCsv();
        for (int i = 0; i < r.logits().size(); i++) {
            long[] raw = r.logits().get(i);
            perImage.accept(i, test.label(i), dev.tailor.fixedpoint.Classes.argmax(raw), raw, d.last().outType());
        }
        AtomicFiles.writeString(out.resolve(OUTPUTS), perImage.text(net.describe() + " on " + test.name() + ", RTL simulation of " + out));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checkpoint", input.file().toString());
        json.put("network", r.network());
        json.put("buildSeconds", build);
        json.put("simulationSeconds", r.simulationSeconds());
        json.put("images", r.images());
        json.put("identical", r.identical());
        json.put("bitExact", r.bitExact());
        json.put("mismatches", r.mismatches());
        json.put("hung", r.hung());
        json.put("stalled", r.stalled());
        json.put("intervalCycles", Map.of("rtl", r.rtlInterval(), "estimate", r.modelInterval(), "streamSimulation", r.simulatedInterval()));
        json.put("latencyCycles", Map.of("rtl", r.rtlLatency(), "estimate", r.modelLatency()));
        json.put("fifos", r.fifos());
        boolean ok = r.bitExact();
        if (deadlockCheck) {
            List<Map<String, Object>> rows = deadlockCheck(d, images.subList(0, Math.min(2, images.size())), o);
            json.put("deadlockCheck", rows);
            ok &= rows.stream().allMatch(x -> Boolean.TRUE.equals(x.get("asModelSays")));
        }
        try {
            AtomicFiles.writeString(out.resolve("verify.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        o.printf("wrote %s and %s (every image's raw logits, as quantize --per-image writes them)%n", out.resolve("verify.json"), out.resolve(OUTPUTS));
        o.flush();
        return ok ? 0 : 1;
    }

    private DataflowConfig dataflow() {
        DataflowOptions.positive("--reuse", reuse);
        if (fifoDepth != null && fifo != DataflowConfig.FifoMode.FIXED) {
            throw new InvalidInputException("--fifo-depth applies to --fifo fixed (now --fifo " + fifo + ")");
        }
        int depth = fifoDepth == null ? 2 : fifoDepth;
        DataflowOptions.positive("--fifo-depth", depth);
        Map<String, Integer> rf = DataflowOptions.layerReuse(layerReuse);
        // The generated streams carry all channels of a pixel in one FIFO word: the model's Vitis flavour (Vivado HLS would
        // split them per channel), so the estimate stored beside the design counts the memories the design has.
        return DataflowConfig.builder().reuseFactor(reuse).layerReuse(rf).fifoMode(fifo).fifoDepth(depth)
                .flavour(DataflowConfig.HlsFlavour.VITIS).build();
    }

    private static void print(PrintWriter o, RtlVerification.Report r) {
        if (r.hung()) {
            o.printf(Locale.ROOT, "HANG after %,d cycles: %d of %d images came out; the design is stuck:%n", r.cycles(), r.identical(), r.images());
            r.stalled().forEach(s -> o.println("  " + s));
        }
        o.printf(Locale.ROOT, "%s: %d / %d images bit-identical to quantize's simulation (every output integer)%s%n",
                r.bitExact() ? "bit-exact" : "NOT bit-exact", r.identical(), r.images(), r.bitExact() ? "" : ":");
        r.mismatches().forEach(m -> o.println("  " + m));
        o.printf(Locale.ROOT, "cycles per image: interval %,d in RTL, %,d estimated (%,d in the model's stream simulation); latency %,d in RTL, %,d estimated%n",
                r.rtlInterval(), r.modelInterval(), r.simulatedInterval(), r.rtlLatency(), r.modelLatency());
        o.printf(Locale.ROOT, "simulated in %.1f s (the longest simulation ran %,d cycles)%n", r.simulationSeconds(), r.cycles());
        o.println("streams (skip streams marked *): depth, minimum safe depth, most held in RTL, most in the model's simulation");
        for (RtlVerification.FifoRow f : r.fifos()) {
            o.printf(Locale.ROOT, "  %s %-52s %7d %7d %7d %7d%n", f.skip() ? "*" : " ", f.name(), f.depth(), f.minSafe(), f.rtlMost(), f.modelMost());
        }
    }

    /** Every skip stream run at its minimum safe depth minus one word (must hang) and at it (must not). */
    private List<Map<String, Object>> deadlockCheck(RtlDesign d, List<float[]> images, PrintWriter o) {
        List<Map<String, Object>> rows = new ArrayList<>();
        o.println("deadlock check: each skip stream one word below its minimum safe depth, then at it");
        for (RtlDesign.Stream s : d.fifos()) {
            if (!s.skip() || s.minSafe() > s.depth()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stream", s.name());
            row.put("minSafeDepth", s.minSafe());
            boolean below = s.minSafe() < 2 || RtlVerification.verify(d, out, images, Map.of(s.id(), s.minSafe() - 1), "below").hung();
            RtlVerification.Report at = RtlVerification.verify(d, out, images, Map.of(s.id(), s.minSafe()), "at");
            boolean ok = below && !at.hung() && at.bitExact();
            row.put("hangsBelow", below);
            row.put("runsAt", !at.hung());
            row.put("asModelSays", ok);
            rows.add(row);
            o.printf(Locale.ROOT, "  %-52s min %5d: at %d %s, at %d %s%s%n", s.name(), s.minSafe(), s.minSafe() - 1, below ? "hangs" : "RUNS",
                    s.minSafe(), at.hung() ? "HANGS" : "runs", ok ? "" : "  <- differs from the model");
        }
        return rows;
    }
}
