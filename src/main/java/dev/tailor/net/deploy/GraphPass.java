package dev.tailor.net.deploy;

import dev.tailor.net.LayerGraph;

import java.util.List;

/**
 * A rewrite that needs the layer graph only, no weights: the hardware cost models run these on the
 * graph they read. Each such pass is also a {@link DeployPass}, so an exporter runs the same rewrite.
 */
public interface GraphPass extends DeployPass {
    LayerGraph apply(LayerGraph graph);

    @Override
    default DeployedNetwork apply(DeployedNetwork network) {
        return new DeployedNetwork(apply(network.graph()), network.weights());
    }

    /** The weight-free passes a deployed design runs, in order. */
    List<GraphPass> DEPLOYMENT = List.of(new MergeRepeatedRelu());

    static LayerGraph applyAll(List<GraphPass> passes, LayerGraph graph) {
        LayerGraph g = graph;
        for (GraphPass p : passes) {
            g = p.apply(g);
        }
        return g;
    }
}
