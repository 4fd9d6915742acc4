package dev.tailor.nn;

import dev.tailor.kernels.KernelChooser;

/**
 * How a model runs on this machine, chosen by the caller and passed in explicitly: the activation
 * layout (see {@link MemoryLayout}) and the chooser that checks and picks each convolution's
 * kernel (docs/kernels.md). Nothing here changes what the model computes beyond float rounding.
 */
public record RuntimeSettings(MemoryLayout layout, KernelChooser kernels) {
    /** Channels-last activations (the fast layout for libtorch's oneDNN convolutions) and the process's chooser. */
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(MemoryLayout.CHANNELS_LAST);

    /** This layout with the process's chooser ({@link KernelChooser#shared()}). */
    public RuntimeSettings(MemoryLayout layout) {
        this(layout, KernelChooser.shared());
    }
}
