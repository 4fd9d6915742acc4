package dev.tailor.handoff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.errors.InvalidSettingException;
import dev.tailor.files.Json;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.fpga.Fit;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.NetSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place the hand-off reads the hardware models: the estimate of an {@link HlsTarget}'s
 * dataflow configuration, the part it is fitted on, and the full part names hls4ml wants.
 */
final class DataflowAdapter {
    /** Vivado part names of the boards {@code --part} knows (the board's usual speed grade). */
    private static final Map<FpgaPart, String> HLS_PARTS = Map.of(
            FpgaPart.XC7Z020, "xc7z020clg400-1",
            FpgaPart.XC7A100T, "xc7a100tcsg324-1",
            FpgaPart.XCZU7EV, "xczu7ev-ffvc1156-2-e",
            FpgaPart.XCZU9EG, "xczu9eg-ffvb1156-2-e",
            FpgaPart.XCU250, "xcu250-figd2104-2L-e");

    private DataflowAdapter() {
    }

    /** What the estimate says, in the two forms the hand-off writes, and the part it is fitted on. */
    record Estimate(ObjectNode json, Map<String, Integer> reuseByLayer, FpgaPart part) {
    }

    /** hls4ml's name of a part (with the board's usual package and speed grade). */
    static String hlsPart(FpgaPart part) {
        String p = HLS_PARTS.get(part);
        if (p == null) {
            throw new IllegalStateException("no hls4ml part name for " + part);
        }
        return p;
    }

    /**
     * The dataflow estimate of {@code spec} on {@code target}.
     *
     * @param onnxNodes our layer name to ONNX node name, for the layers the exported file has
     */
    static Estimate estimate(NetSpec spec, HlsTarget target, Map<String, String> onnxNodes) {
        DataflowConfig cfg = target.dataflow();
        if (cfg.fifoMode() == DataflowConfig.FifoMode.OPTIMIZED) {
            // hls4ml's configuration has no per-stream depth: the export would build other depths than it estimates.
            throw new InvalidSettingException("--fifo", "optimized sets each stream to its own least safe depth, which an hls4ml "
                    + "configuration cannot state; export with --fifo hls4ml (hls4ml's FIFO-depth optimisation, which the estimate "
                    + "then models), default or fixed");
        }
        DataflowEstimate e = new DataflowModel(cfg).estimate(spec);
        refuseDeadlock(e);
        Fit fit = target.part().fit(e.total());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("note", "estimates from Tailor's first-order analytic model of an hls4ml io_stream design, not synthesis;"
                + " compare with what hls4ml's build reports");
        root.put("network", e.network());
        root.put("config", cfg.describe() + ", " + fit.part() + (target.part().isAuto() ? " (--part auto)" : ""));
        root.put("part", fit.part().toString());
        root.put("hlsPart", hlsPart(fit.part()));
        root.put("fits", fit.fits());
        ObjectNode totals = root.putObject("totals");
        resources(totals, e.total());
        totals.put("II_cycles", e.intervalCycles());
        totals.put("latency_cycles", e.latencyCycles());
        totals.put("latency_us", e.latencyMicros());
        ObjectNode use = root.putObject("partUsePercent");
        use.put("BRAM18", tenth(fit.bram18Pct()));
        use.put("DSP", tenth(fit.dspPct()));
        use.put("FF", tenth(fit.ffPct()));
        use.put("LUT", tenth(fit.lutPct()));
        Map<String, Integer> reuse = new LinkedHashMap<>();
        ArrayNode stages = root.putArray("stages");
        for (Map<String, Object> row : e.stageRows()) {
            ObjectNode o = stages.addObject();
            row.forEach((k, v) -> {
                o.set(k, Json.MAPPER.valueToTree(v));
                String node = k.equals("stage") ? onnxNodes.get((String) v) : null;
                if (node != null) {
                    o.put("onnxNode", node);
                }
            });
        }
        for (DataflowEstimate.StageCost s : e.stages()) {
            if (s.multipliers() > 0) {
                reuse.put(s.name(), s.reuseFactor());
            }
        }
        root.set("fifos", Json.MAPPER.valueToTree(e.fifoRows()));
        return new Estimate(root, reuse, fit.part());
    }

    /**
     * A design with a stream shallower than its least safe depth stalls for ever in co-simulation
     * and in hardware (docs/hardware-models.md): it is refused, naming the deepest need.
     */
    private static void refuseDeadlock(DataflowEstimate e) {
        e.fifos().stream().filter(DataflowEstimate.FifoCost::wouldDeadlock)
                .max(java.util.Comparator.comparingLong(DataflowEstimate.FifoCost::minSafeDepth)).ifPresent(f -> {
                    long n = e.fifos().stream().filter(DataflowEstimate.FifoCost::wouldDeadlock).count();
                    throw new InvalidSettingException("fifo-depth", f.depth() + " would deadlock this design: " + n + " stream"
                            + (n == 1 ? "" : "s") + " need more, the deepest " + f.from() + " -> " + f.to() + " at least "
                            + f.minSafeDepth() + " words (--fifo hls4ml sizes each stream as hls4ml's FIFO-depth optimisation does)");
                });
    }

    private static void resources(ObjectNode o, Resources r) {
        o.put("BRAM18", r.bram18());
        o.put("DSP", r.dsp());
        o.put("FF", r.ff());
        o.put("LUT", r.lut());
    }

    private static double tenth(double percent) {
        return Math.round(10.0 * percent) / 10.0;
    }
}
