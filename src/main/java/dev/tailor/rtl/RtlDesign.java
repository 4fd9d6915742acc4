package dev.tailor.rtl;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.dataflow.StreamGraph;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.deploy.GraphPass;
import dev.tailor.net.deploy.MergeRepeatedRelu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generated design before any text is written: the stages of the dataflow model's
 * {@link StreamGraph} with the fixed-point types and weights of a {@link QuantizedNetwork}, and
 * every stream with the FIFO depth the model gives it (docs/rtl.md). Everything the generator
 * cannot realise is refused here, before a file exists.
 *
 * <p>One difference from the stream graph: where a ReLU sits between a conv and the short-skip
 * add fused into that conv's output stage, the add has to follow the ReLU, so the ReLU moves into
 * the conv's output stage too and the stream between them goes away.
 */
public final class RtlDesign {
    /**
     * A stream between two stages. {@code fifo} is false for the input port (the outside world
     * feeds the first stage directly, as in the model).
     */
    public record Stream(int id, String name, String from, String to, Shape shape, FixedType type, long depth, long minSafe,
                         boolean skip, boolean fifo) {
        /** Bits of one token: one pixel of every channel. */
        public int bits() {
            return shape.channels() * type.width();
        }
    }

    /**
     * The short skip fused into a conv's output stage: the ReLUs between the conv and the add
     * (applied first), the 1x1 projection of the skip (null for an identity skip) and the add.
     */
    public record FusedSkip(Layer add, List<Layer> relus, Layer projection, MacGeometry projectionMacs) {
    }

    /** One pipeline stage. {@code macs} is set for convs and dense layers; {@code out} is empty for the last stage (the output port). */
    public record Stage(String name, StreamGraph.Kind kind, Layer layer, Shape in, Shape out, FixedType outType,
                        List<Stream> inputs, List<Stream> outputs, MacGeometry macs, FusedSkip fused) {
    }

    private final String network;
    private final QuantizedNetwork quantized;
    private final DataflowEstimate estimate;
    private final StreamGraph graph;
    private final List<Stage> stages;
    private final List<Stream> streams;

    private RtlDesign(String network, QuantizedNetwork quantized, DataflowEstimate estimate, StreamGraph graph, List<Stage> stages,
                      List<Stream> streams) {
        this.network = network;
        this.quantized = quantized;
        this.estimate = estimate;
        this.graph = graph;
        this.stages = List.copyOf(stages);
        this.streams = List.copyOf(streams);
    }

    /**
     * @param q   the network the fixed-point simulation runs (BN folded, short projections merged where they can)
     * @param cfg the dataflow options: reuse factors and FIFO depths (its bit widths are not read: {@code q}'s types rule)
     */
    public static RtlDesign of(QuantizedNetwork q, DataflowConfig cfg) {
        LayerGraph simulated = q.network().graph();
        checkMergedRelus(q, simulated);
        LayerGraph merged = GraphPass.applyAll(GraphPass.DEPLOYMENT, simulated);
        StreamGraph sg = StreamGraph.fromDeployed(merged);
        String network = simulated.spec().describe();
        DataflowEstimate e = new DataflowModel(cfg).estimate(network, sg);
        Map<String, DataflowEstimate.FifoCost> fifos = new HashMap<>();
        e.fifos().forEach(f -> fifos.put(f.from() + " -> " + f.to(), f));
        Map<String, Integer> reuse = new HashMap<>();
        e.stages().forEach(s -> reuse.put(s.name(), s.reuseFactor()));

        // ReLUs that move into a conv's output stage, by name -> the conv.
        Map<String, String> absorbed = new HashMap<>();
        Map<String, FusedSkip> fused = new HashMap<>();
        for (StreamGraph.Node n : sg.nodes()) {
            refuseUnsupported(n);
            if (n.kind() == StreamGraph.Kind.CONV && !n.fusedSkips().isEmpty()) {
                FusedSkip f = fusedSkip(n, merged, cfg);
                f.relus().forEach(r -> absorbed.put(r.name(), n.name()));
                fused.put(n.name(), f);
            }
        }

        Map<String, FixedType> outType = new HashMap<>();
        List<Stream> streams = new ArrayList<>();
        Map<String, List<Stream>> inputsOf = new LinkedHashMap<>();
        Map<String, List<Stream>> outputsOf = new HashMap<>();
        List<StreamGraph.Node> kept = new ArrayList<>();
        for (StreamGraph.Node n : sg.nodes()) {
            if (n.kind() == StreamGraph.Kind.INPUT) {
                outType.put(n.name(), q.inputType());
                continue;
            }
            if (absorbed.containsKey(n.name())) {
                continue;
            }
            kept.add(n);
            List<Stream> in = new ArrayList<>();
            for (StreamGraph.Edge edge : sg.inputs(n.name())) {
                String from = absorbed.getOrDefault(edge.from(), edge.from());
                String name = edge.from() + " -> " + edge.to();
                boolean port = sg.node(from).kind() == StreamGraph.Kind.INPUT;
                DataflowEstimate.FifoCost f = fifos.get(name);
                if (!port && f == null) {
                    throw new IllegalStateException("the estimate has no FIFO for " + name);
                }
                Stream s = new Stream(streams.size(), name, from, n.name(), edge.shape(), outType.get(from), port ? 0 : f.depth(),
                        port ? 0 : f.minSafeDepth(), edge.skipOfAdd() != null, !port);
                streams.add(s);
                in.add(s);
                outputsOf.computeIfAbsent(from, k -> new ArrayList<>()).add(s);
            }
            inputsOf.put(n.name(), in);
            outType.put(n.name(), stageType(q, n, in, fused.get(n.name())));
        }
        List<Stage> stages = new ArrayList<>();
        for (StreamGraph.Node n : kept) {
            MacGeometry macs = null;
            if (n.kind() == StreamGraph.Kind.CONV || n.kind() == StreamGraph.Kind.DENSE) {
                Layer l = n.layer();
                int k = n.kind() == StreamGraph.Kind.DENSE ? 1 : l.kernel();
                macs = MacGeometry.of(l.name(), k * k * l.in().channels(), l.out().channels(), reuse.get(n.name()));
            }
            stages.add(new Stage(n.name(), n.kind(), n.layer(), n.in(), n.out(), outType.get(n.name()), inputsOf.get(n.name()),
                    outputsOf.getOrDefault(n.name(), List.of()), macs, fused.get(n.name())));
        }
        long last = stages.stream().filter(s -> s.outputs().isEmpty()).count();
        if (last != 1) {
            throw new IllegalStateException("the design must end in exactly one stage, found " + last);
        }
        return new RtlDesign(network, q, e, sg, stages, streams);
    }

    private static void refuseUnsupported(StreamGraph.Node n) {
        switch (n.kind()) {
            case MAXPOOL -> throw new InvalidInputException(n.name() + ": max pooling is not supported by the RTL generator yet "
                    + "(docs/rtl.md lists the layers it builds)");
            case BN -> throw new InvalidInputException(n.name() + ": a BatchNorm that does not fold into a conv cannot be generated");
            case CONV -> {
                Layer l = n.layer();
                if (l.padding() != 0 && l.padding() != l.kernel() / 2) {
                    throw new InvalidInputException(n.name() + ": padding " + l.padding() + " with a " + l.kernel() + "x" + l.kernel()
                            + " kernel is not supported by the RTL generator (only 'same' padding, kernel/2)");
                }
            }
            default -> {
            }
        }
    }

    /** The simulation applies a repeated ReLU again; the design merges it, which computes the same only with the same type. */
    private static void checkMergedRelus(QuantizedNetwork q, LayerGraph simulated) {
        MergeRepeatedRelu.repeated(simulated).forEach((relu, source) -> {
            Layer s = simulated.layer(source);
            if (s.op() != Op.RELU) {
                return; // the source is a max-pool, refused with its own message
            }
            FixedType merged = q.types().of(relu).result();
            FixedType kept = q.types().of(source).result();
            if (!merged.equals(kept)) {
                throw new InvalidInputException("the precision plan gives " + relu + " " + merged + " but " + source + ", whose output it repeats, "
                        + kept + ": the design merges the two ReLUs, so it would not compute what quantize simulates; give " + relu
                        + " the type " + kept);
            }
        });
    }

    private static FusedSkip fusedSkip(StreamGraph.Node conv, LayerGraph g, DataflowConfig cfg) {
        if (conv.fusedSkips().size() != 1) {
            throw new InvalidInputException(conv.name() + ": more than one short skip ends at this conv; the RTL generator fuses one");
        }
        Layer add = conv.fusedSkips().get(0);
        List<Layer> branch = g.longBranch(add);
        if (branch.isEmpty() || !branch.get(0).name().equals(conv.name())) {
            throw new InvalidInputException(add.name() + ": the short skip does not start at the input of " + conv.name());
        }
        List<Layer> relus = branch.subList(1, branch.size());
        for (Layer r : relus) {
            if (r.op() != Op.RELU) {
                throw new InvalidInputException(add.name() + ": " + r.name() + " (" + r.op() + ") between " + conv.name()
                        + " and its short-skip add cannot be fused by the RTL generator");
            }
        }
        List<Layer> path = g.skipPath(add);
        Layer projection = null;
        MacGeometry projMacs = null;
        if (!path.isEmpty()) {
            projection = path.get(0);
            if (path.size() != 1 || projection.op() != Op.CONV || projection.kernel() != 1 || projection.padding() != 0
                    || (conv.layer().kernel() / 2 != conv.layer().padding())) {
                throw new InvalidInputException(add.name() + ": the RTL generator fuses a short skip that is an identity or one 1x1 "
                        + "projection conv (BN folded), not " + path.stream().map(Layer::name).toList());
            }
            if (projection.stride() != conv.layer().stride()) {
                throw new InvalidInputException(projection.name() + ": its stride differs from " + conv.name() + "'s");
            }
            projMacs = MacGeometry.of(projection.name(), projection.in().channels(), projection.out().channels(),
                    cfg.validReuseFor(projection.name(), projection.in().channels(), projection.out().channels()));
        } else if (conv.layer().stride() != 1 || conv.in().channels() != conv.out().channels()) {
            throw new IllegalStateException(add.name() + ": an identity short skip around a conv that changes the shape");
        }
        return new FusedSkip(add, List.copyOf(relus), projection, projMacs);
    }

    private static FixedType stageType(QuantizedNetwork q, StreamGraph.Node n, List<Stream> in, FusedSkip fused) {
        return switch (n.kind()) {
            case PAD, CLONE -> in.get(0).type();
            case CONV -> q.types().of(fused == null ? n.name() : fused.add().name()).result();
            default -> q.types().of(n.layer().name()).result();
        };
    }

    public String network() {
        return network;
    }

    public QuantizedNetwork quantized() {
        return quantized;
    }

    /** The dataflow model's estimate of the same design (FIFO depths, II, latency). */
    public DataflowEstimate estimate() {
        return estimate;
    }

    public StreamGraph streamGraph() {
        return graph;
    }

    public List<Stage> stages() {
        return stages;
    }

    public List<Stream> streams() {
        return streams;
    }

    /** The streams that are FIFOs (all but the input port). */
    public List<Stream> fifos() {
        return streams.stream().filter(Stream::fifo).toList();
    }

    public Stage first() {
        return stages.stream().filter(s -> !s.inputs().isEmpty() && !s.inputs().get(0).fifo()).findFirst().orElseThrow();
    }

    public Stage last() {
        return stages.stream().filter(s -> s.outputs().isEmpty()).findFirst().orElseThrow();
    }

    /** Stage names that the design holds (absorbed ReLUs are not among them). */
    public Set<String> stageNames() {
        Set<String> s = new HashSet<>();
        stages.forEach(x -> s.add(x.name()));
        return s;
    }

    /** The most cycles a stage spends on one output without moving a token: what a hang watchdog must outlast. */
    public long longestStep() {
        long m = 1;
        for (Stage s : stages) {
            if (s.macs() != null) {
                m = Math.max(m, s.macs().reuse());
            }
            if (s.fused() != null && s.fused().projectionMacs() != null) {
                m = Math.max(m, s.fused().projectionMacs().reuse());
            }
        }
        return m;
    }
}
