package dev.tailor.hardware;

import dev.tailor.net.BlockSpec;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.SkipMode;

/**
 * How a deployed design implements a shortened skip. Its operand is the input of the conv it spans,
 * which that conv already holds on chip (line buffer or input SRAM), so the add is fused into the
 * conv's output stage and needs only a delay line, no stream of its own. A short projection whose
 * add follows the conv's BN directly (no ReLU between, as in a shortened bottleneck's last conv)
 * and matches its kernel and stride folds into the conv's weights: it costs nothing at inference.
 */
final class ShortSkips {
    private ShortSkips() {
    }

    static boolean isShortSkipLayer(Layer l, LayerGraph g) {
        if (l.block().isEmpty() || !(l.onSkip() || l.op() == Op.ADD)) {
            return false;
        }
        return block(l, g).skip() == SkipMode.SHORT;
    }

    /** The conv whose output stage a short add is fused into. */
    static Layer spannedConv(Layer add, LayerGraph g) {
        return g.longBranch(add).stream().filter(Layer::isConv).findFirst().orElseThrow();
    }

    /** Whether a short projection conv merges into the conv it runs beside. */
    static boolean foldsIntoConv(Layer projConv, LayerGraph g) {
        Layer add = g.consumers(g.consumers(projConv.name()).get(0).name()).get(0);
        Layer main = g.layer(add.inputs().get(0));
        if (main.op() != Op.BN) {
            return false;
        }
        Layer conv = g.layer(main.inputs().get(0));
        return conv.kernel() == projConv.kernel() && conv.stride() == projConv.stride();
    }

    private static BlockSpec block(Layer l, LayerGraph g) {
        return g.spec().blocks().stream().filter(b -> b.name().equals(l.block())).findFirst().orElseThrow();
    }
}
