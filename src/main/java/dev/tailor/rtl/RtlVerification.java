package dev.tailor.rtl;

import dev.tailor.fixedpoint.FixedPointSimulator;
import dev.tailor.fixedpoint.FixedTensor;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.hardware.dataflow.StreamGraph;
import dev.tailor.hardware.dataflow.StreamSimulator;
import dev.tailor.net.Shape;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs images through a built design and holds every output integer against the bit-exact
 * fixed-point simulation of the same network and plan; reports cycles and stream occupancies
 * beside the dataflow model's (docs/rtl.md, "Verification").
 */
public final class RtlVerification {
    /** One stream: as built, the model's minimum safe depth, the most it held in RTL and in the model's own stream simulation. */
    public record FifoRow(String name, boolean skip, long depth, long minSafe, long rtlMost, long modelMost) {
    }

    /**
     * @param mismatches the first few images whose outputs differ, described
     * @param stalled    after a hang: the streams that are full and the stages that wait
     * @param logits     every image's raw output integers as the RTL computed them, in order
     */
    public record Report(String network, int images, int identical, List<String> mismatches, long rtlInterval, long rtlLatency,
                         long modelInterval, long modelLatency, long simulatedInterval, List<FifoRow> fifos, boolean hung,
                         List<String> stalled, double simulationSeconds, long cycles, List<long[]> logits) {
        public boolean bitExact() {
            return !hung && identical == images;
        }
    }

    private RtlVerification() {
    }

    /** The input tokens of an image (normalised floats, CHW): one token per pixel of every channel, converted to the input type. */
    public static int[][] tokens(RtlDesign d, float[] image) {
        FixedType t = d.quantized().inputType();
        Shape in = d.quantized().network().graph().spec().input();
        int plane = (int) in.pixels();
        int bits = in.channels() * t.width();
        int words = (bits + 31) / 32;
        int[][] tokens = new int[plane][words];
        for (int p = 0; p < plane; p++) {
            BigInteger v = BigInteger.ZERO;
            for (int c = in.channels() - 1; c >= 0; c--) {
                long raw = t.fromDouble(image[c * plane + p]);
                v = v.shiftLeft(t.width()).or(BigInteger.valueOf(raw).and(mask(t.width())));
            }
            for (int w = 0; w < words; w++) {
                tokens[p][w] = v.shiftRight(32 * w).intValue();
            }
        }
        return tokens;
    }

    /** Class c's raw logit from an output token. */
    public static long[] logits(RtlDesign d, BigInteger token) {
        FixedType t = d.last().outType();
        int n = d.last().out().channels();
        long[] raw = new long[n];
        for (int c = 0; c < n; c++) {
            long bits = token.shiftRight(c * t.width()).and(mask(t.width())).longValue();
            raw[c] = t.signed() && t.width() < 64 && (bits >> (t.width() - 1) & 1) == 1 ? bits - (1L << t.width()) : bits;
        }
        return raw;
    }

    private static BigInteger mask(int bits) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    /** The watchdog: no stage goes longer than its longest product loop plus a margin without moving a token. */
    public static long watchdog(RtlDesign d) {
        return 4 * d.longestStep() + 1000;
    }

    /**
     * Streams {@code images} through the design built in {@code dir} and compares every output.
     *
     * @param limits streams to run shallower than built (id -> depth), for hang experiments
     */
    public static Report verify(RtlDesign d, Path dir, List<float[]> images, Map<Integer, Long> limits, String label) {
        return verify(d, dir, images, limits, label, 1);
    }

    /**
     * As {@link #verify(RtlDesign, Path, List, Map, String)}, the images split over {@code processes}
     * simulations running at once (cycle figures come from the first, occupancies are the highest of all).
     */
    public static Report verify(RtlDesign d, Path dir, List<float[]> images, Map<Integer, Long> limits, String label, int processes) {
        List<int[][]> tokens = new ArrayList<>();
        for (float[] image : images) {
            tokens.add(tokens(d, image));
        }
        RtlSimulation.Run run = RtlSimulation.runSplit(dir, tokens, watchdog(d), limits, label, processes);
        int identical = 0;
        List<String> mismatches = new ArrayList<>();
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < run.outputs().size(); i++) {
            FixedTensor want = FixedPointSimulator.logits(d.quantized(), images.get(i));
            long[] got = logits(d, run.outputs().get(i));
            all.add(got);
            if (java.util.Arrays.equals(want.raw(), got)) {
                identical++;
            } else if (mismatches.size() < 5) {
                mismatches.add("image " + i + ": RTL " + java.util.Arrays.toString(got) + ", simulation " + java.util.Arrays.toString(want.raw()));
            }
        }
        List<Long> out = run.outCycles();
        long interval = out.size() < 2 ? -1 : out.get(out.size() - 1) - out.get(out.size() - 2);
        long latency = out.isEmpty() || run.inCycles().isEmpty() ? -1 : out.get(0) - run.inCycles().get(0);
        StreamSimulator.Result model = StreamSimulator.run(d.streamGraph(), d.estimate(), 3, 50L * d.estimate().intervalCycles() + 1_000_000);
        List<FifoRow> rows = new ArrayList<>();
        for (RtlDesign.Stream s : d.fifos()) {
            RtlSimulation.FifoState f = run.fifos().get(s.id());
            rows.add(new FifoRow(s.name(), s.skip(), limits.getOrDefault(s.id(), s.depth()), s.minSafe(), f == null ? -1 : f.most(),
                    model.maxOccupancy().getOrDefault(s.name(), -1L)));
        }
        return new Report(d.network(), images.size(), identical, mismatches, interval, latency, d.estimate().intervalCycles(),
                d.estimate().latencyCycles(), model.intervalCycles(), rows, run.hung(), run.hung() ? stalled(d, run) : List.of(),
                run.seconds(), run.cycles(), List.copyOf(all));
    }

    /** The full streams and who waits on them, and the adds waiting on an empty input, after a hang. */
    static List<String> stalled(RtlDesign d, RtlSimulation.Run run) {
        Map<Integer, RtlDesign.Stream> byId = new HashMap<>();
        d.fifos().forEach(s -> byId.put(s.id(), s));
        List<String> lines = new ArrayList<>();
        // Full skip streams first, the one furthest downstream first: the cause; the streams that fill upstream of it are its consequence.
        List<RtlSimulation.FifoState> downstreamFirst = new ArrayList<>(run.fifos().values());
        downstreamFirst.sort(java.util.Comparator.comparingInt(RtlSimulation.FifoState::id).reversed());
        for (boolean skip : new boolean[]{true, false}) {
            for (RtlSimulation.FifoState f : downstreamFirst) {
                RtlDesign.Stream s = byId.get(f.id());
                if (s != null && s.skip() == skip && f.count() >= f.depth()) {
                    lines.add(s.from() + " waits to write " + s.name() + " (full at depth " + f.depth() + (skip ? ", a skip stream" : "") + ")");
                }
            }
        }
        for (RtlDesign.Stage st : d.stages()) {
            if (st.kind() != StreamGraph.Kind.ADD) {
                continue;
            }
            for (RtlDesign.Stream in : st.inputs()) {
                RtlSimulation.FifoState f = run.fifos().get(in.id());
                if (f != null && f.count() == 0) {
                    lines.add(st.name() + " waits for a token on " + in.name() + " (empty)");
                }
            }
        }
        return lines;
    }
}
