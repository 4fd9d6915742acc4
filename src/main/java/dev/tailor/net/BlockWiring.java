package dev.tailor.net;

/**
 * Where the ReLUs of a block sit, for every topology and skip mode (docs/method.md, "Blocks").
 * Both the layer graph and the trainable model read these rules, so they cannot disagree.
 *
 * <ul>
 *   <li>Basic block, standard: an entry ReLU; conv 1 is followed by ReLU; conv 2 ends in BN.
 *   <li>Basic block, short teacher: no entry ReLU; every conv is followed by ReLU (ReLU before the add).
 *   <li>Bottleneck, either topology and every skip mode: an entry ReLU, ReLU after convs 1 and 2,
 *       none after BN 3 — as the authors' shortenable bottleneck.
 * </ul>
 * A shortened block adds its short skip right after conv i's activation.
 */
public final class BlockWiring {
    private BlockWiring() {
    }

    public static boolean entryRelu(BlockSpec b, Topology topology) {
        return b.kind() == BlockKind.BOTTLENECK || topology == Topology.STANDARD;
    }

    /** Whether conv {@code i} (1-based) of block {@code b} is followed by a ReLU. */
    public static boolean reluAfterConv(BlockSpec b, Topology topology, int i) {
        if (i < b.convCount()) {
            return true;
        }
        return b.kind() == BlockKind.BASIC && topology == Topology.SHORT_TEACHER;
    }
}
