package dev.tailor.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network lowered to a flat, topologically ordered list of layers with explicit tensor
 * edges: what the hardware models read (compare hls4ml's model graph). Build it with
 * {@link NetSpec#graph()}.
 */
public final class LayerGraph {
    private final NetSpec spec;
    private final List<Layer> layers;
    private final Map<String, Layer> byName;
    private final Map<String, List<Layer>> consumers;

    private LayerGraph(NetSpec spec, List<Layer> layers) {
        this.spec = spec;
        this.layers = List.copyOf(layers);
        this.byName = new LinkedHashMap<>();
        this.consumers = new HashMap<>();
        for (Layer l : layers) {
            if (byName.put(l.name(), l) != null) {
                throw new IllegalStateException("duplicate layer name " + l.name());
            }
            for (String in : l.inputs()) {
                if (!byName.containsKey(in)) {
                    throw new IllegalStateException(l.name() + " reads " + in + " before it is produced");
                }
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
            }
        }
    }

    static LayerGraph of(NetSpec spec) {
        return new LayerGraph(spec, new GraphLowering(spec).lower());
    }

    /** A rewritten graph of the same network (a pass's output); the layers must be topologically ordered. */
    public static LayerGraph of(NetSpec spec, List<Layer> layers) {
        return new LayerGraph(spec, layers);
    }

    public NetSpec spec() {
        return spec;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(String name) {
        Layer l = byName.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no layer named " + name);
        }
        return l;
    }

    public List<Layer> consumers(String name) {
        return consumers.getOrDefault(name, Collections.emptyList());
    }

    public int fanOut(String name) {
        return consumers(name).size();
    }

    public long totalParams() {
        return layers.stream().mapToLong(Layer::params).sum();
    }

    public long totalMacs() {
        return layers.stream().mapToLong(Layer::macs).sum();
    }

    public Shape output() {
        return layers.get(layers.size() - 1).out();
    }

    public List<Layer> adds() {
        return layers.stream().filter(l -> l.op() == Op.ADD).toList();
    }

    /**
     * The tensor a skip starts from: walk the Add's skip side back through its projection (if
     * any) to the first tensor that is also read elsewhere.
     */
    public Layer skipSource(Layer add) {
        requireAdd(add);
        Layer l = layer(add.inputs().get(1));
        while (l.onSkip()) {
            l = layer(l.inputs().get(0));
        }
        return l;
    }

    /** The long-branch layers between the skip source (exclusive) and the Add (exclusive), in order. */
    public List<Layer> longBranch(Layer add) {
        requireAdd(add);
        String source = skipSource(add).name();
        List<Layer> path = new ArrayList<>();
        Layer l = layer(add.inputs().get(0));
        while (!l.name().equals(source)) {
            path.add(l);
            if (l.inputs().isEmpty()) {
                throw new IllegalStateException("long branch of " + add.name() + " never reaches " + source);
            }
            l = layer(l.inputs().get(0));
        }
        Collections.reverse(path);
        return path;
    }

    /** The layers on the Add's skip side (its projection conv and BN; empty for an identity skip). */
    public List<Layer> skipPath(Layer add) {
        requireAdd(add);
        List<Layer> path = new ArrayList<>();
        Layer l = layer(add.inputs().get(1));
        while (l.onSkip()) {
            path.add(0, l);
            l = layer(l.inputs().get(0));
        }
        return path;
    }

    private static void requireAdd(Layer add) {
        if (add.op() != Op.ADD) {
            throw new IllegalArgumentException(add.name() + " is not an Add");
        }
    }
}
