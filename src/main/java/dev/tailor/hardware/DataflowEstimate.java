package dev.tailor.hardware;

import java.util.List;

/**
 * What the dataflow model estimates for one network: totals, network II and latency, and the
 * per-stage and per-FIFO breakdown. Estimates, not synthesis results.
 */
public record DataflowEstimate(String network, DataflowConfig config, Resources total, long intervalCycles,
                               long latencyCycles, List<StageCost> stages, List<FifoCost> fifos) {

    /** Cost of one pipeline stage. */
    public record StageCost(String name, StreamGraph.Kind kind, Resources resources, long intervalCycles, long delayCycles,
                            int reuseFactor, long multipliers) {
    }

    /** One stream FIFO: depth in words, word width, how many FIFOs the stream splits into. */
    public record FifoCost(String from, String to, long depth, int width, int count, boolean skip, Resources resources) {
    }

    public double latencyMicros() {
        return latencyCycles / config.clockMHz();
    }

    public Resources fifoTotal() {
        return fifos.stream().map(FifoCost::resources).reduce(Resources.ZERO, Resources::plus);
    }
}
