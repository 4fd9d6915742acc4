package dev.tailor.hardware.dataflow;

import dev.tailor.net.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small cycle-level simulation of the stream graph: tokens (one pixel of all channels) move
 * through FIFOs of the estimated depths; each stage reads one token per input at a time and spends
 * one cycle on it, or its per-output cycles (a conv's or dense layer's reuse factor) on a token that
 * completes an output, and emits an
 * output as soon as the tokens it depends on have been read ({@link TokenMap}). A FIFO holds at most
 * its depth; a write and a read become visible the next cycle. It checks the model's two claims: no
 * deadlock at the minimum safe depths, and the network II. It runs several frames back to back.
 */
public final class StreamSimulator {
    /**
     * What a run showed.
     *
     * @param frameDone    the cycle each frame's result left the last stage
     * @param maxOccupancy the most tokens each FIFO ("from -> to") held
     * @param stalled      on deadlock, the stages that wait and on what
     */
    public record Result(boolean deadlocked, long cycles, List<Long> frameDone, Map<String, Long> maxOccupancy, List<String> stalled) {
        /** Cycles between the last two frames' results (-1 with fewer than two frames done). */
        public long intervalCycles() {
            int n = frameDone.size();
            return n < 2 ? -1 : frameDone.get(n - 1) - frameDone.get(n - 2);
        }

        /** Cycles from the first token in to the first result out (-1 if none came out). */
        public long latencyCycles() {
            return frameDone.isEmpty() ? -1 : frameDone.get(0);
        }
    }

    private static final class Fifo {
        final String name;
        final long depth;
        long count;
        long max;
        int pushes;
        int pops;

        Fifo(String name, long depth) {
            this.name = name;
            this.depth = depth;
        }

        void endCycle() {
            count += pushes - pops;
            max = Math.max(max, count);
            pushes = 0;
            pops = 0;
        }
    }

    private static final class Stage {
        final StreamGraph.Node node;
        final Fifo[] in;
        final Shape[] inShape;
        final Fifo[] out;
        final long inTokens;
        final long outTokens;
        final int cost;
        long consumed;
        long produced;
        int frame;
        long busyUntil;
        boolean pending;

        Stage(StreamGraph.Node node, Fifo[] in, Shape[] inShape, Fifo[] out, int cost) {
            this.node = node;
            this.in = in;
            this.inShape = inShape;
            this.out = out;
            this.inTokens = in.length == 0 ? 0 : inShape[0].pixels();
            this.outTokens = node.out().pixels();
            this.cost = cost;
        }

        boolean ready() {
            return produced < outTokens && (in.length == 0 || consumed > TokenMap.lastInputNeeded(node, inShape[0], produced));
        }
    }

    private StreamSimulator() {
    }

    public static Result run(StreamGraph g, DataflowEstimate e, int frames, long cycleLimit) {
        return run(g, e, Map.of(), frames, cycleLimit);
    }

    /** A FIFO's name in results and overrides: "from -> to". */
    public static String name(DataflowEstimate.FifoCost f) {
        return f.from() + " -> " + f.to();
    }

    /** Runs with some FIFOs at other depths than the estimate's (by name). */
    public static Result run(StreamGraph g, DataflowEstimate e, Map<String, Long> depths, int frames, long cycleLimit) {
        Map<String, Long> depth = new HashMap<>();
        e.fifos().forEach(f -> depth.put(name(f), depths.getOrDefault(name(f), f.depth())));
        Map<String, Integer> cost = new HashMap<>();
        // A conv spends its reuse factor on each input token that completes an output window, a dense layer on its one input token.
        e.stages().forEach(s -> cost.put(s.name(), s.kind() == StreamGraph.Kind.CONV || s.kind() == StreamGraph.Kind.DENSE
                ? s.reuseFactor() : 1));
        Map<String, Fifo> fifos = new LinkedHashMap<>();
        Map<String, List<Fifo>> outs = new HashMap<>();
        for (StreamGraph.Edge edge : g.edges()) {
            String name = edge.from() + " -> " + edge.to();
            // A stream the estimate has no FIFO for is the network's input port: the outside world
            // always has the next token ready.
            Fifo f = new Fifo(name, depths.getOrDefault(name, depth.getOrDefault(name, Long.MAX_VALUE)));
            fifos.put(name, f);
            outs.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(f);
        }
        List<Stage> stages = new ArrayList<>();
        for (StreamGraph.Node n : g.nodes()) {
            List<StreamGraph.Edge> in = g.inputs(n.name());
            Fifo[] inF = in.stream().map(x -> fifos.get(x.from() + " -> " + x.to())).toArray(Fifo[]::new);
            Shape[] shapes = in.stream().map(StreamGraph.Edge::shape).toArray(Shape[]::new);
            stages.add(new Stage(n, inF, shapes, outs.getOrDefault(n.name(), List.of()).toArray(Fifo[]::new), cost.get(n.name())));
        }
        List<Long> done = new ArrayList<>();
        long t = 0;
        while (t < cycleLimit) {
            boolean acted = false;
            boolean finished = true;
            for (Stage s : stages) {
                if (s.frame >= frames) {
                    continue;
                }
                finished = false;
                if (t >= s.busyUntil) {
                    acted |= step(s, t, done);
                }
            }
            fifos.values().forEach(Fifo::endCycle);
            if (finished) {
                break;
            }
            if (acted) {
                t++;
                continue;
            }
            long next = Long.MAX_VALUE;
            for (Stage s : stages) {
                if (s.frame < frames && s.busyUntil > t) {
                    next = Math.min(next, s.busyUntil);
                }
            }
            if (next == Long.MAX_VALUE) {
                return result(true, t, done, fifos, stalled(stages, frames));
            }
            t = next;
        }
        boolean complete = stages.stream().allMatch(s -> s.frame >= frames);
        return result(false, t, done, fifos, complete ? List.of() : List.of("cycle limit " + cycleLimit + " reached"));
    }

    /** One cycle of one stage: at most one write and one read. */
    private static boolean step(Stage s, long t, List<Long> done) {
        boolean acted = false;
        if (!s.pending && s.ready()) {
            s.pending = true;
        }
        if (s.pending && hasRoom(s.out)) {
            for (Fifo f : s.out) {
                f.pushes++;
            }
            s.produced++;
            s.pending = false;
            acted = true;
            if (s.out.length == 0 && s.produced == s.outTokens) {
                done.add(t);
            }
        }
        if (!s.pending && !s.ready() && s.consumed < s.inTokens && hasTokens(s.in)) {
            for (Fifo f : s.in) {
                f.pops++;
            }
            s.consumed++;
            // A token that completes an output costs the stage's per-output cycles (a conv's or dense
            // layer's reuse factor); any other token one cycle to shift in.
            s.busyUntil = t + (s.ready() ? s.cost : 1);
            acted = true;
        }
        if (s.in.length == 0 && acted) {
            s.busyUntil = t + s.cost;
        }
        if (s.produced == s.outTokens && s.consumed == s.inTokens && !s.pending) {
            s.frame++;
            s.produced = 0;
            s.consumed = 0;
        }
        return acted;
    }

    private static boolean hasRoom(Fifo[] out) {
        for (Fifo f : out) {
            if (f.count >= f.depth) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasTokens(Fifo[] in) {
        for (Fifo f : in) {
            if (f.count - f.pops <= 0) {
                return false;
            }
        }
        return true;
    }

    /** The stages blocked on a full FIFO, the one furthest downstream (nearest the cause) first. */
    private static List<String> stalled(List<Stage> stages, int frames) {
        List<String> s = new ArrayList<>();
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage st = stages.get(i);
            if (st.frame >= frames) {
                continue;
            }
            for (Fifo f : st.out) {
                if (st.pending && f.count >= f.depth) {
                    s.add(st.node.name() + " waits to write " + f.name + " (full at depth " + f.depth + ")");
                }
            }
        }
        return s;
    }

    private static Result result(boolean deadlocked, long t, List<Long> done, Map<String, Fifo> fifos, List<String> stalled) {
        Map<String, Long> max = new LinkedHashMap<>();
        fifos.forEach((k, f) -> max.put(k, f.max));
        return new Result(deadlocked, t, List.copyOf(done), max, stalled);
    }
}
