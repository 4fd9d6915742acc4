package dev.tailor.hardware.dataflow;

import dev.tailor.hardware.fpga.Resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dataflow model estimates for one network: totals, network II and latency, and the
 * per-stage and per-FIFO breakdown. Estimates, not synthesis results.
 */
public record DataflowEstimate(String network, DataflowConfig config, Resources total, long intervalCycles,
                               long latencyCycles, List<StageCost> stages, List<FifoCost> fifos) {

    /** Cost of one pipeline stage; {@code intervalCycles} is the cycles it needs per frame. */
    public record StageCost(String name, StreamGraph.Kind kind, Resources resources, long intervalCycles, long delayCycles,
                            int reuseFactor, long multipliers) {
    }

    /**
     * One stream: configured depth in words, the least depth that cannot deadlock, word width, how
     * many FIFOs the stream splits into; what it costs as configured and at a safe depth.
     */
    public record FifoCost(String from, String to, long depth, long minSafeDepth, int width, int count, boolean skip,
                           Resources resources, Resources safeResources) {
        public boolean wouldDeadlock() {
            return depth < minSafeDepth;
        }
    }

    /**
     * One row per stage (name, kind, reuse factor, multipliers, interval, resources), in stage order:
     * the per-stage part of export's estimate.json and of {@code estimate --json --breakdown}.
     */
    public List<Map<String, Object>> stageRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StageCost s : stages) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("stage", s.name());
            o.put("kind", s.kind().name());
            o.put("reuseFactor", s.reuseFactor());
            o.put("multipliers", s.multipliers());
            o.put("interval_cycles", s.intervalCycles());
            resources(o, s.resources());
            rows.add(o);
        }
        return rows;
    }

    /** One row per FIFO (ends, depth, least safe depth, width, count, skip, resources), in stream order. */
    public List<Map<String, Object>> fifoRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FifoCost c : fifos) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("from", c.from());
            o.put("to", c.to());
            o.put("depth", c.depth());
            o.put("minSafeDepth", c.minSafeDepth());
            o.put("width", c.width());
            o.put("count", c.count());
            o.put("skip", c.skip());
            resources(o, c.resources());
            rows.add(o);
        }
        return rows;
    }

    private static void resources(Map<String, Object> o, Resources r) {
        o.put("BRAM18", r.bram18());
        o.put("DSP", r.dsp());
        o.put("FF", r.ff());
        o.put("LUT", r.lut());
    }

    public double latencyMicros() {
        return latencyCycles / config.clockMHz();
    }

    public Resources fifoTotal() {
        return fifos.stream().map(FifoCost::resources).reduce(Resources.ZERO, Resources::plus);
    }

    /** Whether any stream is shallower than its minimum safe depth. */
    public boolean wouldDeadlock() {
        return fifos.stream().anyMatch(FifoCost::wouldDeadlock);
    }

    /** The design with every too-shallow stream deepened to its minimum safe depth. */
    public Resources safeTotal() {
        Resources t = total;
        for (FifoCost f : fifos) {
            if (f.wouldDeadlock()) {
                t = t.minus(f.resources()).plus(f.safeResources());
            }
        }
        return t;
    }
}
