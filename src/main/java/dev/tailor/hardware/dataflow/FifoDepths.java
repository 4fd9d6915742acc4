package dev.tailor.hardware.dataflow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Depth of every stream: configured by the FIFO mode, and the minimum that cannot deadlock.
 *
 * <p>Only the two streams into an Add can deadlock: both sides start at the same fork (a Clone),
 * which can push a token only when both of its streams have room. While the long branch fills its
 * line buffers the skip side keeps producing, and every token it produces waits in the Add's skip
 * stream until the long branch emits the matching one. If that stream fills first, the fork stalls,
 * the long branch never gets the token it waits for, and the design hangs. The minimum safe depth is
 * the most tokens the stream must hold at once (maximum occupancy, counted from the token
 * dependencies of every stage on both sides; see {@link TokenMap}). It does not count tokens other
 * streams on the skip side may hold, so it is safe whatever their depths.
 */
final class FifoDepths {
    /**
     * The least depth optimized mode gives any stream: one word is deadlock-free for a stream into
     * no Add, but two keep a producer and a consumer of one token per cycle both busy.
     */
    static final int STRAIGHT_DEPTH = 2;

    private final DataflowConfig cfg;
    private final StreamGraph graph;
    private final Map<StreamGraph.Edge, Long> minimum = new HashMap<>();
    private final Map<String, Long> profiled;

    /**
     * @param known minimum depths already worked out, by the shape of an Add's two branches (both
     *              minimums depend on nothing else); filled in as new shapes come up
     * @param profiled in {@link DataflowConfig.FifoMode#HLS4ML} mode, each stream's depth ("from -> to")
     *                 from the profiling run; empty otherwise
     */
    FifoDepths(DataflowConfig cfg, StreamGraph graph, Map<String, long[]> known, Map<String, Long> profiled) {
        this.cfg = cfg;
        this.graph = graph;
        this.profiled = profiled;
        for (StreamGraph.Node n : graph.nodes()) {
            if (n.kind() == StreamGraph.Kind.ADD) {
                List<StreamGraph.Edge> in = graph.inputs(n.name());
                String key = branchShape(in.get(0)) + " | " + branchShape(in.get(1));
                long[] min = known.computeIfAbsent(key, k -> {
                    long[] longSide = needs(in.get(0), n);
                    long[] skipSide = needs(in.get(1), n);
                    return new long[]{occupancy(longSide, skipSide), occupancy(skipSide, longSide)};
                });
                minimum.put(in.get(0), min[0]);
                minimum.put(in.get(1), min[1]);
            }
        }
    }

    /** What the token dependencies of a branch depend on: each stage's kind, window and the shapes it reads and writes. */
    private String branchShape(StreamGraph.Edge into) {
        StringBuilder sb = new StringBuilder(into.shape().toString());
        StreamGraph.Node n = graph.node(into.from());
        while (n.kind() != StreamGraph.Kind.CLONE && graph.inputs(n.name()).size() == 1) {
            StreamGraph.Edge in = graph.inputs(n.name()).get(0);
            sb.append('<').append(n.kind()).append(n.layer() == null ? "" : n.layer().kernel() + "/" + n.layer().stride())
                    .append(':').append(in.shape());
            n = graph.node(in.from());
        }
        return sb.toString();
    }

    /** The smallest depth at which this stream cannot deadlock the design (1 for a stream into no Add). */
    long minimumSafe(StreamGraph.Edge e) {
        return minimum.getOrDefault(e, 1L);
    }

    long configured(StreamGraph.Edge e) {
        long whole = e.shape().pixels();
        return switch (cfg.fifoMode()) {
            case DEFAULT -> whole;
            case FIXED -> Math.min(cfg.fifoDepth(), whole);
            case OPTIMIZED -> Math.min(Math.max(STRAIGHT_DEPTH, minimumSafe(e)), whole);
            case HLS4ML -> {
                Long d = profiled.get(e.from() + " -> " + e.to());
                if (d == null) {
                    throw new IllegalStateException("no profiled depth for the stream " + e.from() + " -> " + e.to());
                }
                yield d;
            }
        };
    }

    /**
     * For each token q the Add reads on one input: the fork's token that input's branch must have
     * received before it can deliver q (walking back stage by stage to the fork).
     */
    private long[] needs(StreamGraph.Edge into, StreamGraph.Node add) {
        long[] need = new long[(int) add.in().pixels()];
        for (int q = 0; q < need.length; q++) {
            need[q] = q;
        }
        StreamGraph.Node n = graph.node(into.from());
        while (n.kind() != StreamGraph.Kind.CLONE) {
            List<StreamGraph.Edge> in = graph.inputs(n.name());
            if (in.size() != 1) {
                throw new IllegalStateException(add.name() + ": its inputs do not meet at one fork (reached " + n.name() + ")");
            }
            for (int q = 0; q < need.length; q++) {
                need[q] = TokenMap.lastInputNeeded(n, in.get(0).shape(), need[q]);
            }
            n = graph.node(in.get(0).from());
        }
        return need;
    }

    /**
     * Maximum occupancy of one input's stream: before the Add can read token q from the other
     * input, this side has delivered every token it can make from the fork's first
     * {@code other[q] + 1} tokens, and the Add has taken q of them.
     */
    static long occupancy(long[] self, long[] other) {
        long worst = 1;
        int made = 0;
        for (int q = 0; q < other.length; q++) {
            while (made < self.length && self[made] <= other[q]) {
                made++;
            }
            worst = Math.max(worst, made - q);
        }
        return worst;
    }
}
