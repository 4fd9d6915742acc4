package dev.tailor.hardware;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The io_stream view of a network, built by small passes over the layer graph as hls4ml does:
 * BatchNorm folds into the conv before it; a 'same' KxK conv gets a zero-padding stage; a tensor
 * read by more than one layer gets a Clone node (one stream per reader). Every edge is a FIFO.
 */
public final class StreamGraph {
    /** A stage of the dataflow pipeline. {@code layer} is the source layer (null for pad and clone). */
    public record Node(String name, Kind kind, Layer layer, Shape in, Shape out) {
    }

    public enum Kind { INPUT, PAD, CONV, RELU, ADD, CLONE, MAXPOOL, AVGPOOL, DENSE }

    /**
     * A stream between two nodes.
     *
     * @param skipOfAdd the Add this edge feeds on its skip side, or null
     */
    public record Edge(String from, String to, Shape shape, Layer skipOfAdd) {
    }

    private final LayerGraph graph;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<String, List<Layer>> fusedSkips = new HashMap<>();

    private StreamGraph(LayerGraph graph) {
        this.graph = graph;
    }

    public static StreamGraph of(LayerGraph g) {
        StreamGraph s = new StreamGraph(g);
        Map<String, String> producer = s.createNodes();
        s.connect(producer);
        s.insertClones();
        return s;
    }

    public LayerGraph layers() {
        return graph;
    }

    public Iterable<Node> nodes() {
        return nodes.values();
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    public List<Edge> edges() {
        return edges;
    }

    /** Pass 1: one node per layer, BN folded away (its tensor is produced by the conv), pads before KxK convs. */
    private Map<String, String> createNodes() {
        Map<String, String> producer = new HashMap<>();
        for (Layer l : graph.layers()) {
            if (ShortSkips.isShortSkipLayer(l, graph)) {
                if (l.op() == Op.ADD) {
                    producer.put(l.name(), producer.get(l.inputs().get(0)));
                    fusedSkips.computeIfAbsent(ShortSkips.spannedConv(l, graph).name(), k -> new ArrayList<>()).add(l);
                }
                continue;
            }
            switch (l.op()) {
                case BN -> producer.put(l.name(), producer.get(l.inputs().get(0)));
                case INPUT -> add(new Node(l.name(), Kind.INPUT, l, l.in(), l.out()), producer);
                case CONV, MAXPOOL -> {
                    Kind k = l.op() == Op.CONV ? Kind.CONV : Kind.MAXPOOL;
                    if (l.kernel() > 1) {
                        Shape padded = new Shape(l.in().channels(), l.in().height() + 2 * l.padding(), l.in().width() + 2 * l.padding());
                        nodes.put(l.name() + ".pad", new Node(l.name() + ".pad", Kind.PAD, null, l.in(), padded));
                    }
                    add(new Node(l.name(), k, l, l.in(), l.out()), producer);
                }
                case RELU -> add(new Node(l.name(), Kind.RELU, l, l.in(), l.out()), producer);
                case ADD -> add(new Node(l.name(), Kind.ADD, l, l.in(), l.out()), producer);
                case GLOBAL_AVGPOOL -> add(new Node(l.name(), Kind.AVGPOOL, l, l.in(), l.out()), producer);
                case DENSE -> add(new Node(l.name(), Kind.DENSE, l, l.in(), l.out()), producer);
            }
        }
        return producer;
    }

    private void add(Node n, Map<String, String> producer) {
        nodes.put(n.name(), n);
        producer.put(n.name(), n.name());
    }

    /** Pass 2: an edge from each input's producing node to the reading node (or its pad stage). */
    private void connect(Map<String, String> producer) {
        for (Layer l : graph.layers()) {
            if (l.op() == Op.BN || l.op() == Op.INPUT || ShortSkips.isShortSkipLayer(l, graph)) {
                continue;
            }
            for (int i = 0; i < l.inputs().size(); i++) {
                String from = producer.get(l.inputs().get(i));
                Shape shape = graph.layer(l.inputs().get(i)).out();
                if (nodes.containsKey(l.name() + ".pad")) {
                    edges.add(new Edge(from, l.name() + ".pad", shape, null));
                    edges.add(new Edge(l.name() + ".pad", l.name(), nodes.get(l.name() + ".pad").out(), null));
                } else {
                    edges.add(new Edge(from, l.name(), shape, l.op() == Op.ADD && i == 1 ? l : null));
                }
            }
        }
    }

    /** Keeps the node order topological: a clone runs right after the node it copies. */
    private void insertAfter(String existing, Node n) {
        Map<String, Node> copy = new LinkedHashMap<>(nodes);
        nodes.clear();
        copy.forEach((k, v) -> {
            nodes.put(k, v);
            if (k.equals(existing)) {
                nodes.put(n.name(), n);
            }
        });
    }

    /** Pass 3: a Clone node for every node with more than one outgoing stream. */
    private void insertClones() {
        Map<String, List<Edge>> out = new LinkedHashMap<>();
        for (Edge e : edges) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<Edge>> e : out.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            String clone = e.getKey() + ".clone";
            Shape shape = e.getValue().get(0).shape();
            insertAfter(e.getKey(), new Node(clone, Kind.CLONE, null, shape, shape));
            int at = edges.indexOf(e.getValue().get(0));
            edges.removeAll(e.getValue());
            List<Edge> replaced = new ArrayList<>();
            replaced.add(new Edge(e.getKey(), clone, shape, null));
            for (Edge old : e.getValue()) {
                replaced.add(new Edge(clone, old.to(), old.shape(), old.skipOfAdd()));
            }
            edges.addAll(Math.min(at, edges.size()), replaced);
        }
    }

    /** The short-skip Adds fused into a conv's output stage (empty for most convs). */
    public List<Layer> fusedSkips(String conv) {
        return fusedSkips.getOrDefault(conv, List.of());
    }

    /** Number of streams leaving a node. */
    public int fanOut(String node) {
        return (int) edges.stream().filter(e -> e.from().equals(node)).count();
    }
}
