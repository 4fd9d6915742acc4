package dev.tailor.handoff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.errors.InvalidSettingException;
import dev.tailor.fixedpoint.LayerPrecisions;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.NetSpec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place the hand-off reads the hardware models: an {@link HlsTarget} as the
 * {@link DataflowConfig} that {@code tailor estimate} would build from the same options, the
 * estimate for it, and the full part names hls4ml wants.
 */
final class DataflowAdapter {
    /** Vivado part names of the boards {@code --part} knows (the board's usual speed grade). */
    private static final Map<String, String> HLS_PARTS = Map.of(
            "xc7z020", "xc7z020clg400-1",
            "xc7a100t", "xc7a100tcsg324-1",
            "xczu7ev", "xczu7ev-ffvc1156-2-e",
            "xczu9eg", "xczu9eg-ffvb1156-2-e",
            "xcu250", "xcu250-figd2104-2L-e");

    private DataflowAdapter() {
    }

    /** What the estimate says, in the two forms the hand-off writes. */
    record Estimate(ObjectNode json, Map<String, Integer> reuseByLayer) {
    }

    /** The estimate's configuration; a target's precision plan sets every layer's widths, resolved on {@code spec}. */
    static DataflowConfig config(HlsTarget t, NetSpec spec) {
        Precision global = new Precision(t.weightBits(), t.activationBits(), t.accumulatorBits());
        Map<String, Precision> perLayer = new LinkedHashMap<>();
        if (t.plan() != null) {
            Map<String, LayerPrecisions.Widths> widths = LayerPrecisions.resolveUnfolded(t.plan(), spec.graph()).widths();
            widths.forEach((layer, w) -> perLayer.put(layer, new Precision(w.weight(), w.result(), w.accum())));
            LayerPrecisions.Widths d = LayerPrecisions.defaults(t.plan(), widths);
            global = new Precision(d.weight(), d.result(), d.accum());
        }
        return DataflowConfig.builder().precision(global).layerPrecision(perLayer)
                .reuseFactor(t.reuseFactor()).layerReuse(t.layerReuse())
                .strategy(t.strategy() == HlsTarget.Strategy.LATENCY ? DataflowConfig.Strategy.LATENCY : DataflowConfig.Strategy.RESOURCE)
                .fifoMode(t.fifo() == HlsTarget.FifoDepths.OPTIMIZED ? DataflowConfig.FifoMode.OPTIMIZED : DataflowConfig.FifoMode.DEFAULT)
                .flavour(t.backend() == HlsTarget.Backend.VITIS ? DataflowConfig.HlsFlavour.VITIS : DataflowConfig.HlsFlavour.VIVADO)
                .clockMHz(t.clockMHz()).build();
    }

    static FpgaPart part(HlsTarget t) {
        for (FpgaPart p : FpgaPart.values()) {
            if (p.toString().equals(t.part().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidSettingException("part", "'" + t.part() + "' is not one of " + String.join(", ", HLS_PARTS.keySet()));
    }

    static String hlsPart(String part) {
        String p = HLS_PARTS.get(part.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new InvalidSettingException("part", "'" + part + "' is not one of " + String.join(", ", HLS_PARTS.keySet()));
        }
        return p;
    }

    /**
     * The dataflow estimate of {@code spec} on {@code target}.
     *
     * @param onnxNodes our layer name to ONNX node name, for the layers the exported file has
     */
    static Estimate estimate(NetSpec spec, HlsTarget target, Map<String, String> onnxNodes) {
        DataflowConfig cfg = config(target, spec);
        DataflowEstimate e = new DataflowModel(cfg).estimate(spec);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("note", "estimates from Tailor's first-order analytic model of an hls4ml io_stream design, not synthesis;"
                + " compare with what hls4ml's build reports");
        root.put("network", e.network());
        root.put("config", cfg.describe() + ", " + part(target));
        root.put("hlsPart", hlsPart(target.part()));
        ObjectNode totals = root.putObject("totals");
        resources(totals, e.total());
        totals.put("II_cycles", e.intervalCycles());
        totals.put("latency_cycles", e.latencyCycles());
        totals.put("latency_us", e.latencyMicros());
        ObjectNode use = root.putObject("partUsePercent");
        Resources p = part(target).capacity();
        use.put("BRAM18", percent(e.total().bram18(), p.bram18()));
        use.put("DSP", percent(e.total().dsp(), p.dsp()));
        use.put("FF", percent(e.total().ff(), p.ff()));
        use.put("LUT", percent(e.total().lut(), p.lut()));
        Map<String, Integer> reuse = new LinkedHashMap<>();
        ArrayNode stages = root.putArray("stages");
        for (DataflowEstimate.StageCost s : e.stages()) {
            ObjectNode o = stages.addObject();
            o.put("stage", s.name());
            String node = onnxNodes.get(s.name());
            if (node != null) {
                o.put("onnxNode", node);
            }
            o.put("kind", s.kind().name());
            o.put("reuseFactor", s.reuseFactor());
            o.put("multipliers", s.multipliers());
            o.put("interval_cycles", s.intervalCycles());
            resources(o, s.resources());
            if (s.multipliers() > 0) {
                reuse.put(s.name(), s.reuseFactor());
            }
        }
        ArrayNode fifos = root.putArray("fifos");
        for (DataflowEstimate.FifoCost c : e.fifos()) {
            ObjectNode o = fifos.addObject();
            o.put("from", c.from());
            o.put("to", c.to());
            o.put("depth", c.depth());
            o.put("width", c.width());
            o.put("count", c.count());
            o.put("skip", c.skip());
            resources(o, c.resources());
        }
        return new Estimate(root, reuse);
    }

    private static void resources(ObjectNode o, Resources r) {
        o.put("BRAM18", r.bram18());
        o.put("DSP", r.dsp());
        o.put("FF", r.ff());
        o.put("LUT", r.lut());
    }

    private static double percent(long used, long available) {
        return Math.round(1000.0 * used / available) / 10.0;
    }
}
