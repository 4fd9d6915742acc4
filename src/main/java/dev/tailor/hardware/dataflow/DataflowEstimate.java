package dev.tailor.hardware.dataflow;

import dev.tailor.hardware.fpga.Resources;

import java.util.List;

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
