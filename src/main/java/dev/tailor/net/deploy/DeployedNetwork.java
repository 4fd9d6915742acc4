package dev.tailor.net.deploy;

import dev.tailor.net.LayerGraph;
import dev.tailor.net.Weights;

/**
 * A layer graph with its weights: the network as hardware or an exporter would run it, after
 * whichever {@link DeployPass}es were applied. Weight names are layer name + suffix
 * ({@code .weight}, {@code .bias}, BN's {@code .gamma .beta .runningMean .runningVar}).
 */
public record DeployedNetwork(LayerGraph graph, Weights weights) {

    /** Runs the passes in order. */
    public DeployedNetwork apply(DeployPass... passes) {
        DeployedNetwork n = this;
        for (DeployPass p : passes) {
            n = p.apply(n);
        }
        return n;
    }
}
