package dev.tailor.net;

/**
 * One residual block. Stages and blocks are numbered from 1 in names ({@code stage2.block1}); the
 * skip index used by schedules is the block's position from the input side, from 0.
 *
 * @param midChannels width of the inner convs (equal to {@code outChannels} for BASIC blocks)
 */
public record BlockSpec(int stage, int index, BlockKind kind, int inChannels, int midChannels,
                        int outChannels, int stride, SkipMode skip) {

    public String name() {
        return "stage" + stage + ".block" + index;
    }

    /** The long skip needs a 1x1 conv + BN where the block changes resolution or width. */
    public boolean needsProjection() {
        return stride != 1 || inChannels != outChannels;
    }

    public BlockSpec withSkip(SkipMode mode) {
        return new BlockSpec(stage, index, kind, inChannels, midChannels, outChannels, stride, mode);
    }

    /** Number of convolutions on the long path (2 for BASIC, 3 for BOTTLENECK). */
    public int convCount() {
        return kind == BlockKind.BASIC ? 2 : 3;
    }

    /** Input and output channels and stride of the long path's conv {@code i} (1-based). */
    public ConvShape conv(int i) {
        if (kind == BlockKind.BASIC) {
            return i == 1 ? new ConvShape(inChannels, outChannels, 3, stride)
                    : new ConvShape(outChannels, outChannels, 3, 1);
        }
        return switch (i) {
            case 1 -> new ConvShape(inChannels, midChannels, 1, 1);
            case 2 -> new ConvShape(midChannels, midChannels, 3, stride);
            case 3 -> new ConvShape(midChannels, outChannels, 1, 1);
            default -> throw new IllegalArgumentException("bottleneck conv index " + i);
        };
    }

    /**
     * Whether shortened skip {@code i} (one per conv) needs a 1x1 projection. For BASIC blocks the
     * first short skip reuses the long skip's projection and the second is an identity, so no new
     * parameters appear; bottlenecks get new projections wherever conv i changes shape.
     */
    public boolean shortSkipNeedsProjection(int i) {
        ConvShape c = conv(i);
        return c.stride() != 1 || c.in() != c.out();
    }

    /** Kernel, channels and stride of one conv. */
    public record ConvShape(int in, int out, int kernel, int stride) {
    }
}
