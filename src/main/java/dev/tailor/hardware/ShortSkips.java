package dev.tailor.hardware;

import dev.tailor.net.BlockSpec;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.SkipMode;

import java.util.HashMap;
import java.util.Map;

/**
 * How a deployed design implements a shortened skip. Its operand is the input of the conv it spans,
 * which that conv already holds on chip (line buffer or input SRAM), so the add is fused into the
 * conv's output stage and needs only a delay line, no stream of its own. A short projection whose
 * add follows the conv's BN directly (no ReLU between, as in a shortened bottleneck's last conv)
 * and matches its kernel and stride folds into the conv's weights: it costs nothing at inference.
 */
public final class ShortSkips {
    private final LayerGraph graph;
    private final Map<String, SkipMode> blockSkip = new HashMap<>();

    public ShortSkips(LayerGraph graph) {
        this.graph = graph;
        for (BlockSpec b : graph.spec().blocks()) {
            blockSkip.put(b.name(), b.skip());
        }
    }

    /** The skip mode of the block a layer belongs to (null outside blocks). */
    public SkipMode blockSkip(Layer l) {
        return blockSkip.get(l.block());
    }

    public boolean isShortAdd(Layer l) {
        return l.op() == Op.ADD && blockSkip(l) == SkipMode.SHORT;
    }

    /** A projection conv or BN on a short skip. */
    public boolean isShortProjection(Layer l) {
        return l.onSkip() && blockSkip(l) == SkipMode.SHORT;
    }

    /** The conv whose output stage a short add is fused into. */
    public Layer spannedConv(Layer add) {
        return graph.longBranch(add).stream().filter(Layer::isConv).findFirst().orElseThrow();
    }

    /** Whether a short projection conv merges into the conv it runs beside. */
    public boolean foldsIntoConv(Layer projConv) {
        Layer add = graph.consumers(graph.consumers(projConv.name()).get(0).name()).get(0);
        Layer main = graph.layer(add.inputs().get(0));
        if (main.op() != Op.BN) {
            return false;
        }
        Layer conv = graph.layer(main.inputs().get(0));
        return conv.kernel() == projConv.kernel() && conv.stride() == projConv.stride();
    }
}
