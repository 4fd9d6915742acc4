package dev.tailor.handoff;

/**
 * How {@link Exporter} writes a network.
 *
 * @param foldBatchNorm fold every BN into its conv (and a shortened bottleneck's last short
 *                      projection into conv3) instead of writing BatchNormalization nodes
 * @param opset         the ONNX operator set
 * @param target        the hardware that {@code hls4ml_config.yml} and {@code estimate.json} describe
 */
public record ExportOptions(boolean foldBatchNorm, int opset, HlsTarget target) {
    public static final int DEFAULT_OPSET = 13;

    /** BN folded into the convs (the design the estimate costs), opset 13, {@code tailor estimate}'s default hardware. */
    public static ExportOptions defaults() {
        return new ExportOptions(true, DEFAULT_OPSET, HlsTarget.reference());
    }

    public ExportOptions withFoldBatchNorm(boolean fold) {
        return new ExportOptions(fold, opset, target);
    }

    public ExportOptions withOpset(int v) {
        return new ExportOptions(foldBatchNorm, v, target);
    }

    public ExportOptions withTarget(HlsTarget t) {
        return new ExportOptions(foldBatchNorm, opset, t);
    }
}
