package dev.tailor.hardware.dataflow;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.deploy.GraphPass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The io_stream view of a network: stages joined by streams, every stream a FIFO. It starts as one
 * stage per layer and is rewritten by the named passes of {@link StreamPass#DEFAULT} (BatchNorm
 * folding, short-skip fusion, zero padding, clones), as hls4ml's optimizer passes rewrite its model graph.
 */
public final class StreamGraph {
    /**
     * A stage of the dataflow pipeline. {@code layer} is the source layer (null for pad and clone);
     * {@code fusedSkips} are the short-skip Adds fused into a conv's output stage.
     */
    public record Node(String name, Kind kind, Layer layer, Shape in, Shape out, List<Layer> fusedSkips) {
        public Node {
            fusedSkips = List.copyOf(fusedSkips);
        }

        Node(String name, Kind kind, Layer layer, Shape in, Shape out) {
            this(name, kind, layer, in, out, List.of());
        }
    }

    public enum Kind { INPUT, PAD, CONV, BN, RELU, ADD, CLONE, MAXPOOL, AVGPOOL, DENSE }

    /**
     * A stream between two stages.
     *
     * @param skipOfAdd the Add this stream feeds on its skip side, or null
     */
    public record Edge(String from, String to, Shape shape, Layer skipOfAdd) {
        Edge from(String newFrom) {
            return new Edge(newFrom, to, shape, skipOfAdd);
        }

        Edge to(String newTo) {
            return new Edge(from, newTo, shape, skipOfAdd);
        }
    }

    private final LayerGraph layers;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** The streams into each stage, in input order (an Add's long input first). */
    private final Map<String, List<Edge>> inputs = new HashMap<>();

    private StreamGraph(LayerGraph layers) {
        this.layers = layers;
    }

    /** The deployment passes over the layer graph, then the stream passes; short skips fused. */
    public static StreamGraph of(LayerGraph graph) {
        return of(graph, DataflowConfig.ShortSkips.FUSED);
    }

    /** The deployment passes over the layer graph, then the stream passes for that short-skip structure. */
    public static StreamGraph of(LayerGraph graph, DataflowConfig.ShortSkips shortSkips) {
        return fromDeployed(GraphPass.applyAll(GraphPass.DEPLOYMENT, graph), shortSkips);
    }

    /** The stream passes over a layer graph that already went through the deployment passes; short skips fused. */
    public static StreamGraph fromDeployed(LayerGraph deployed) {
        return fromDeployed(deployed, DataflowConfig.ShortSkips.FUSED);
    }

    /** The same, with short skips fused or, as stock hls4ml builds them, left as their own stages. */
    public static StreamGraph fromDeployed(LayerGraph deployed, DataflowConfig.ShortSkips shortSkips) {
        StreamGraph s = lower(deployed);
        for (StreamPass p : StreamPass.DEFAULT) {
            if (shortSkips == DataflowConfig.ShortSkips.HLS4ML && p instanceof FuseShortSkips) {
                continue;
            }
            p.apply(s);
        }
        return s;
    }

    /** One stage per layer and one stream per layer input, before any pass. */
    static StreamGraph lower(LayerGraph g) {
        StreamGraph s = new StreamGraph(g);
        for (Layer l : g.layers()) {
            s.nodes.put(l.name(), new Node(l.name(), kind(l.op()), l, l.in(), l.out()));
            List<Edge> in = new ArrayList<>();
            for (int i = 0; i < l.inputs().size(); i++) {
                String from = l.inputs().get(i);
                in.add(new Edge(from, l.name(), g.layer(from).out(), l.op() == Op.ADD && i == 1 ? l : null));
            }
            s.inputs.put(l.name(), in);
        }
        return s;
    }

    private static Kind kind(Op op) {
        return switch (op) {
            case INPUT -> Kind.INPUT;
            case CONV -> Kind.CONV;
            case BN -> Kind.BN;
            case RELU -> Kind.RELU;
            case ADD -> Kind.ADD;
            case MAXPOOL -> Kind.MAXPOOL;
            case GLOBAL_AVGPOOL -> Kind.AVGPOOL;
            case DENSE -> Kind.DENSE;
        };
    }

    /** The layer graph the stages come from (after the deployment passes). */
    public LayerGraph layers() {
        return layers;
    }

    /** Stages in topological order. */
    public Iterable<Node> nodes() {
        return nodes.values();
    }

    public int size() {
        return nodes.size();
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    /** Every stream, grouped by the stage it feeds, in stage order. */
    public List<Edge> edges() {
        List<Edge> all = new ArrayList<>();
        for (String n : nodes.keySet()) {
            all.addAll(inputs.get(n));
        }
        return all;
    }

    public List<Edge> inputs(String node) {
        return inputs.get(node);
    }

    /** The streams leaving each stage that has any. */
    public Map<String, List<Edge>> outputs() {
        Map<String, List<Edge>> out = new HashMap<>();
        for (List<Edge> in : inputs.values()) {
            for (Edge e : in) {
                out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    // Rewrites used by the passes.

    void replace(Node n) {
        nodes.replace(n.name(), n);
    }

    void setInputs(String node, List<Edge> in) {
        inputs.put(node, List.copyOf(in));
    }

    /**
     * Removes stages; a stream that came from a removed stage comes from {@code redirect}'s stage
     * for it instead (followed until it names a stage that stays).
     */
    void remove(Set<String> removed, Map<String, String> redirect) {
        removed.forEach(n -> {
            nodes.remove(n);
            inputs.remove(n);
        });
        for (Map.Entry<String, List<Edge>> e : inputs.entrySet()) {
            List<Edge> in = new ArrayList<>(e.getValue());
            in.replaceAll(edge -> {
                String from = edge.from();
                while (redirect.containsKey(from)) {
                    from = redirect.get(from);
                }
                return from.equals(edge.from()) ? edge : edge.from(from);
            });
            e.setValue(List.copyOf(in));
        }
    }

    /** Puts new stages into the order: each of {@code before} ahead of its key, each of {@code after} behind its key. */
    void insert(Map<String, Node> before, Map<String, Node> after) {
        List<Node> order = new ArrayList<>(nodes.values());
        nodes.clear();
        for (Node n : order) {
            if (before.containsKey(n.name())) {
                nodes.put(before.get(n.name()).name(), before.get(n.name()));
            }
            nodes.put(n.name(), n);
            if (after.containsKey(n.name())) {
                nodes.put(after.get(n.name()).name(), after.get(n.name()));
            }
        }
    }
}
