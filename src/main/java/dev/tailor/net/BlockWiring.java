package dev.tailor.net;

/**
 * Where the ReLUs of a block sit, for every topology and skip mode (docs/method.md, "Blocks").
 * Both the layer graph and the trainable model read these rules, so they cannot disagree.
 *
 * <ul>
 *   <li>Standard: an entry ReLU; every conv but the last is followed by ReLU; the last ends in BN.
 *   <li>Short teacher: no entry ReLU; every conv is followed by ReLU (ReLU before the add).
 *   <li>A shortened bottleneck's last conv has no ReLU in either topology.
 * </ul>
 * A shortened block adds its short skip right after conv i's activation.
 */
public final class BlockWiring {
    private BlockWiring() {
    }

    public static boolean entryRelu(Topology topology) {
        return topology == Topology.STANDARD;
    }

    /** Whether conv {@code i} (1-based) of block {@code b} is followed by a ReLU. */
    public static boolean reluAfterConv(BlockSpec b, Topology topology, int i) {
        if (i < b.convCount()) {
            return true;
        }
        if (topology == Topology.STANDARD) {
            return false;
        }
        return !(b.skip() == SkipMode.SHORT && b.kind() == BlockKind.BOTTLENECK);
    }
}
