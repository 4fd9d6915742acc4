package dev.tailor.nn;

/**
 * How a model runs on this machine, chosen by the caller and passed in explicitly: the activation
 * layout (see {@link MemoryLayout}). Nothing here changes what the model computes beyond float rounding.
 */
public record RuntimeSettings(MemoryLayout layout) {
    /** Channels-last activations: the fast layout for libtorch's oneDNN convolutions. */
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(MemoryLayout.CHANNELS_LAST);
}
