package dev.tailor.cli;

import dev.tailor.hardware.compare.FitAdvice;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;
import dev.tailor.report.MeasuredTable;
import dev.tailor.synth.SynthSummary;
import dev.tailor.files.OutputTargets;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.FullRateDepths;
import dev.tailor.hardware.dataflow.StreamGraph;
import dev.tailor.hardware.dataflow.StreamSimulator;
import dev.tailor.hardware.plans.Budget;
import dev.tailor.hardware.plans.MarginalSavings;
import dev.tailor.hardware.plans.ParetoFront;
import dev.tailor.hardware.plans.PlanCost;
import dev.tailor.hardware.plans.PlanSpace;
import dev.tailor.hardware.plans.Plans;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.report.HardwareBreakdown;
import dev.tailor.report.HardwareTables;
import dev.tailor.report.PlanTables;
import dev.tailor.report.SimulationTables;
import dev.tailor.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/** Side-by-side hardware estimates of skip variants, or the whole per-block plan space. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimate what a network's skips cost on FPGA dataflow and PE-array hardware.",
                "Several skip variants side by side (the first is the baseline) on an hls4ml-style dataflow design, with its "
                + "fit on an FPGA part, and on a 2D PE array with DRAM. All figures are estimates from first-order analytic "
                + "models, not synthesis.",
                "--plans all costs every per-block long/short/none plan instead and prints the Pareto front, "
                + "the plan within a --budget, and each block's marginal saving.",
                "Terms: BRAM18 = 18 Kb block RAMs; LUT, FF, DSP = logic, registers, multipliers; reuse factor = "
                + "multiplications each multiplier does per frame; II = cycles between frames; FIFO = the buffer a stream "
                + "(or a skip) keeps between layers. What each model counts and assumes: docs/hardware-models.md.",
                "Example: tailor estimate --model resnet8 --skips long,short,none --policy long,none,short --part auto",
                "         tailor estimate --model resnet20 --plans all --budget bram18=280"})
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** What --plans evaluates. */
    enum PlanScope {
        ALL;

        @Override
        public String toString() {
            return "all";
        }
    }

    @Option(names = "--model", defaultValue = "resnet8", completionCandidates = Labels.Models.class, description = "Model from the zoo. Default: ${DEFAULT-VALUE}.")
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
            description = "Uniform variants to compare, each applied to every block: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    List<SkipMode> skips;

    @Option(names = "--policy", paramLabel = "MODES",
            description = "A per-block variant (one mode per block, input side first, comma-separated); repeatable.")
    List<String> policies = new ArrayList<>();

    @Mixin
    HardwareOptions hw;

    @Option(names = "--breakdown", description = "Also print every variant's per-stage and skip-FIFO (dataflow) and per-layer (PE array) figures; "
            + "with --json, every dataflow row also gets its per-stage and per-FIFO figures (as export's estimate.json).")
    boolean breakdown;

    @Option(names = "--simulate", description = "Also run the cycle-level stream simulation of every dataflow design (deadlock, II, FIFO occupancy).")
    boolean simulate;

    @Option(names = "--sim-frames", defaultValue = "3", description = "Frames each simulation streams back to back. Default: ${DEFAULT-VALUE}.")
    int simFrames;

    @Option(names = "--plans", paramLabel = "all", description = "Cost every per-block plan (3^blocks of them): ${COMPLETION-CANDIDATES}.")
    PlanScope plans;

    @Option(names = "--budget", paramLabel = "KEY=LIMIT", description = "With --plans: resource limits, e.g. bram18=280,lut=53200 "
            + "(keys: bram18, dsp, ff, lut, dram-bytes, cycles).")
    String budget;

    @Option(names = "--top", description = "With --plans: Pareto-front rows to print. Default: 20.")
    Integer top;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table (with --plans: every plan's costs) as CSV.")
    Path csv;

    @Option(names = "--synth", paramLabel = "DIR", split = ",",
            description = "Also show measured figures: design folders written by 'tailor rtl' and synthesized by 'tailor synth' "
                    + "(Yosys, not Vivado), each beside the estimate of that design; the first is the baseline of the changes.")
    List<Path> synth = new ArrayList<>();

    @Override
    public Integer call() {
        OutputTargets.file(json);
        OutputTargets.file(csv);
        NetSpec base = baseSpec();
        HardwareConfig cfg = hw.toConfig(base);
        OptionRules.onlyWith(spec, plans != null, "--plans all", "--top", "--budget");
        OptionRules.notWith(spec, plans != null, "--plans all", "it costs every per-block plan; --csv writes each one's costs",
                "--skips", "--policy", "--breakdown", "--simulate", "--json", "--synth");
        OptionRules.onlyWith(spec, simulate, "--simulate", "--sim-frames");
        if (topRows() < 1 || simFrames < 2) {
            throw new InvalidInputException(topRows() < 1 ? "--top must be at least 1, not " + topRows()
                    : "--sim-frames must be at least 2 (the II is the distance between the last two), not " + simFrames);
        }
        checkLayerNames(base);
        // Read (and check) every synthesis result before anything is printed or written.
        List<SynthSummary> measured = synth.stream().map(SynthSummary::read).toList();
        if (plans != null) {
            Budget b = budget == null ? null : HardwareOptions.flag("--budget", () -> Budget.parse(budget));
            return plans(base, cfg, b);
        }
        HardwareEstimator estimator = new HardwareEstimator(cfg);
        List<VariantEstimate> rows = new ArrayList<>();
        if (checkpoint != null) {
            rows.add(estimator.estimate("original", base.withTopology(Topology.STANDARD).withAllSkips(SkipMode.LONG)));
            rows.add(estimator.estimate("checkpoint", base));
        }
        for (SkipMode s : skips) {
            rows.add(estimator.estimate(s.label(), Plans.wire(base, Collections.nCopies(base.skipCount(), s))));
        }
        for (String p : policies) {
            rows.add(estimator.estimate("policy", Plans.wire(base, HardwareOptions.flag("--policy", () -> ModelOptions.parseSkips("--policy", p,
                    base.skipCount())))));
        }
        out().print(HardwareTables.header(base.model() + " " + base.input(), cfg));
        if (cfg.hasDataflow()) {
            out().println(hw.dataflow.typesLine());
        }
        out().print(HardwareTables.markdown(rows));
        if (cfg.hasDataflow()) {
            out().print(HardwareTables.fullRateNote(rows, rows.stream()
                    .map(r -> FullRateDepths.shortfall(StreamGraph.of(r.spec().graph(), r.dataflow().config().shortSkips()), r.dataflow())).toList()));
        }
        out().print(FitAdvice.line(rows, cfg));
        if (breakdown) {
            rows.forEach(r -> out().print("\n" + HardwareBreakdown.text(r)));
        }
        if (simulate && cfg.hasDataflow()) {
            out().print("\n" + simulate(rows));
        }
        if (!measured.isEmpty()) {
            out().print("\n" + MeasuredTable.NOTE + "\n" + MeasuredTable.table(measured).markdown());
        }
        if (csv != null) {
            AtomicFiles.writeString(csv, HardwareTables.csv(rows));
        }
        if (json != null) {
            String text = HardwareTables.json(rows, base.model(), base.input().toString(), Json.MAPPER, breakdown);
            AtomicFiles.writeString(json, measured.isEmpty() ? text : MeasuredTable.withMeasured(text, measured, Json.MAPPER));
        }
        return 0;
    }

    /** A per-layer option must name a layer of some wiring of this network. */
    private void checkLayerNames(NetSpec base) {
        Set<String> known = new HashSet<>();
        for (SkipMode m : SkipMode.values()) {
            for (Topology t : Topology.values()) {
                base.withTopology(t).withAllSkips(m).graph().layers().forEach(l -> known.add(l.name()));
            }
        }
        hw.dataflow.checkLayerNames(known, base.model(), base);
    }

    private NetSpec baseSpec() {
        if (checkpoint != null) {
            List<String> ignored = java.util.stream.Stream.of("--model", "--input", "--classes", "--width")
                    .filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
            if (!ignored.isEmpty()) {
                throw new InvalidInputException(String.join(", ", ignored) + ": --checkpoint " + checkpoint
                        + " already fixes the network (model, input, classes and width); drop " + (ignored.size() == 1 ? "it" : "them"));
            }
            return Checkpoint.load(checkpoint).spec();
        }
        NetSpec d = HardwareOptions.flag("--model", () -> ModelZoo.build(model));
        Shape in = input == null ? d.input() : HardwareOptions.flag("--input", () -> Shape.parse(input));
        return HardwareOptions.flag("--model/--classes/--width", () -> ModelZoo.build(model, in, classes == 0 ? d.classes() : classes, width));
    }

    private int topRows() {
        return top == null ? 20 : top;
    }

    private int plans(NetSpec base, HardwareConfig cfg, Budget b) {
        PlanSpace space = new PlanSpace(base, cfg);
        long t0 = System.nanoTime();
        if (space.tooLarge() != null) {
            throw new InvalidInputException("--plans all: " + space.tooLarge());
        }
        List<PlanCost> all = space.evaluateAll();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<PlanCost> front = ParetoFront.of(all);
        out().print(HardwareTables.header(base.model() + " " + base.input() + ", every per-block plan", cfg));
        out().printf(Locale.ROOT, "%,d plans (3^%d) costed in %.2f s on %d threads%n%n", all.size(), base.skipCount(), seconds,
                ForkJoinPool.getCommonPoolParallelism() + 1);
        out().print(PlanTables.front(front, topRows()));
        if (b != null) {
            out().print("\n" + PlanTables.budget(b, all, front));
        }
        PlanTables.Models models = new PlanTables.Models(cfg.hasDataflow(), cfg.hasPeArray());
        out().print("\n" + PlanTables.marginal(MarginalSavings.of(space, SkipMode.NONE), "the original", models));
        out().print("\n" + PlanTables.marginal(MarginalSavings.of(space, SkipMode.SHORT), "the short-skip teacher", models));
        if (csv != null) {
            AtomicFiles.writeString(csv, PlanTables.csv(all));
        }
        return 0;
    }

    private String simulate(List<VariantEstimate> rows) {
        List<StreamSimulator.Result> results = new ArrayList<>();
        List<Map<String, Long>> fullRate = new ArrayList<>();
        for (VariantEstimate r : rows) {
            DataflowEstimate d = r.dataflow();
            StreamGraph g = StreamGraph.of(r.spec().graph(), d.config().shortSkips());
            long limit = 4L * (simFrames + 1) * (d.intervalCycles() + d.latencyCycles());
            results.add(StreamSimulator.run(g, d, simFrames, limit));
            boolean wholeMaps = d.config().fifoMode() == DataflowConfig.FifoMode.DEFAULT;
            fullRate.add(wholeMaps ? Map.of() : FullRateDepths.search(g, d, simFrames));
        }
        return SimulationTables.markdown(rows, results, fullRate, simFrames);
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
