package dev.tailor.hardware.dataflow;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shallowest depth of each skip FIFO at which the simulated design keeps the interval it has
 * with whole-map skip FIFOs. The minimum safe depth only rules out deadlock: at exactly that depth
 * the fork waits for the Add on every token and the long branch starves. Found by bisection between
 * the minimum safe depth and the whole map, one skip FIFO at a time with the others whole.
 */
public final class FullRateDepths {
    private FullRateDepths() {
    }

    /** By skip FIFO name ("from -> to"), in stream order. */
    public static Map<String, Long> search(StreamGraph g, DataflowEstimate e, int frames) {
        long limit = 4L * (frames + 1) * (e.intervalCycles() + e.latencyCycles());
        Map<String, Long> whole = new HashMap<>();
        e.fifos().stream().filter(DataflowEstimate.FifoCost::skip).forEach(f -> whole.put(StreamSimulator.name(f), wholeMap(f, g)));
        long reference = StreamSimulator.run(g, e, whole, frames, limit).intervalCycles();
        Map<String, Long> out = new LinkedHashMap<>();
        for (DataflowEstimate.FifoCost f : e.fifos()) {
            if (!f.skip()) {
                continue;
            }
            String name = StreamSimulator.name(f);
            long lo = f.minSafeDepth();
            long hi = Math.max(lo, whole.get(name));
            while (lo < hi) {
                long mid = (lo + hi) / 2;
                Map<String, Long> trial = new HashMap<>(whole);
                trial.put(name, mid);
                StreamSimulator.Result r = StreamSimulator.run(g, e, trial, frames, limit);
                if (!r.deadlocked() && r.intervalCycles() > 0 && r.intervalCycles() <= reference) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            out.put(name, lo);
        }
        return out;
    }

    /**
     * The simulated II of the design as configured (two frames back to back) when it falls short of
     * the model's II, which assumes full rate, by more than the one cycle between frames; -1 when it
     * keeps full rate, when it would deadlock (flagged on its own), and for whole-map FIFOs, which
     * always keep it.
     */
    public static long shortfall(StreamGraph g, DataflowEstimate e) {
        if (e.config().fifoMode() == DataflowConfig.FifoMode.DEFAULT || e.wouldDeadlock()) {
            return -1;
        }
        int frames = 2;
        StreamSimulator.Result r = StreamSimulator.run(g, e, frames, 4L * (frames + 1) * (e.intervalCycles() + e.latencyCycles()));
        long ii = r.intervalCycles();
        return !r.deadlocked() && ii > e.intervalCycles() + 1 ? ii : -1;
    }

    private static long wholeMap(DataflowEstimate.FifoCost f, StreamGraph g) {
        return g.node(f.to()).in().pixels();
    }
}
