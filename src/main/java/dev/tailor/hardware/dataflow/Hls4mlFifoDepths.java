package dev.tailor.hardware.dataflow;

import java.util.HashMap;
import java.util.Map;

/**
 * The FIFO depths hls4ml's FIFO-depth optimisation flow would choose: it co-simulates the design with
 * every FIFO very deep, records each FIFO's highest occupancy, and sets its depth to that plus one
 * (docs/hardware-models.md, "FIFO depths and deadlock"). Here the stream simulation stands in for
 * the co-simulation, with one frame, as a test bench with one image runs it. A fast stage feeding a
 * slow one keeps a deep FIFO; a skip stream keeps what it held while the long branch worked.
 */
final class Hls4mlFifoDepths {
    /** Frames in the profiling run: hls4ml's flow profiles the test bench's images; one is the common case. */
    static final int PROFILE_FRAMES = 1;
    /** Stands for hls4ml's profiling depth (100,000 words): deep enough that no FIFO ever fills. */
    private static final long UNBOUNDED = Long.MAX_VALUE / 4;

    private Hls4mlFifoDepths() {
    }

    /** Each stream's depth, by name ("from -> to"). */
    static Map<String, Long> profile(String network, StreamGraph sg, DataflowConfig cfg) {
        DataflowEstimate deep = new DataflowModel(cfg.withFifoMode(DataflowConfig.FifoMode.DEFAULT)).estimate(network, sg);
        Map<String, Long> unbounded = new HashMap<>();
        deep.fifos().forEach(f -> unbounded.put(StreamSimulator.name(f), UNBOUNDED));
        long limit = 4L * (PROFILE_FRAMES + 1) * (deep.intervalCycles() + deep.latencyCycles());
        StreamSimulator.Result r = StreamSimulator.run(sg, deep, unbounded, PROFILE_FRAMES, limit);
        if (r.deadlocked() || r.frameDone().size() < PROFILE_FRAMES) {
            throw new IllegalStateException(network + ": the profiling run with unbounded FIFOs did not finish (" + r.stalled() + ")");
        }
        Map<String, Long> depths = new HashMap<>();
        deep.fifos().forEach(f -> depths.put(StreamSimulator.name(f), r.maxOccupancy().getOrDefault(StreamSimulator.name(f), 0L) + 1));
        return depths;
    }
}
