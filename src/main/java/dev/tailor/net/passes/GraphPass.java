package dev.tailor.net.passes;

import dev.tailor.net.LayerGraph;

import java.util.List;

/**
 * One rewrite of a layer graph with a name and a single job, in the shape of hls4ml's optimizer
 * passes. A pass returns a new graph and never changes what the network computes.
 */
public interface GraphPass {
    String name();

    LayerGraph apply(LayerGraph graph);

    /** The passes a deployed design (hardware models, an exporter) runs before it reads the graph. */
    List<GraphPass> DEPLOYMENT = List.of(new MergeRepeatedRelu());

    static LayerGraph applyAll(List<GraphPass> passes, LayerGraph graph) {
        LayerGraph g = graph;
        for (GraphPass p : passes) {
            g = p.apply(g);
        }
        return g;
    }
}
