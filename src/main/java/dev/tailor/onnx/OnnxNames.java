package dev.tailor.onnx;

/**
 * Names in the ONNX files Tailor writes. A node is named after its layer with dots turned into
 * underscores ({@code stage2.block1.conv1} becomes {@code stage2_block1_conv1}): hls4ml names its
 * layers after the ONNX nodes and cannot use dots, and the per-layer entries of the hls4ml
 * configuration are keyed by these names. A node's output tensor carries the node's name.
 */
public final class OnnxNames {
    /** The graph input: images, NCHW float, normalised as the checkpoint says. */
    public static final String INPUT = "input";
    /**
     * The graph input of the channels-last file for hls4ml: images, NHWC float. hls4ml reserves the
     * layer name {@code input}, so that file cannot use it.
     */
    public static final String HLS_INPUT = "image";
    /** The graph output: one row of logits per image. */
    public static final String LOGITS = "logits";
    /** The symbolic batch dimension. */
    public static final String BATCH = "N";

    private OnnxNames() {
    }

    /** The Add node that adds a dense layer's bias after its MatMul. */
    public static String denseBias(String layer) {
        return node(layer) + "_bias";
    }

    public static String node(String layer) {
        if (layer.indexOf('_') >= 0) {
            // Our layer names never hold underscores, which keeps this mapping one-to-one.
            throw new IllegalStateException("layer name " + layer + " holds an underscore");
        }
        return layer.replace('.', '_');
    }
}
