package dev.tailor.net;

import java.util.List;

/**
 * One node of the flat layer list. Its output tensor carries the layer's name.
 *
 * @param inputs names of the producing layers; for an {@link Op#ADD} the first is the long
 *               (computing) branch and the second the skip side
 * @param block  the residual block this layer belongs to ({@code stage2.block1}), or "" outside blocks
 * @param onSkip true for layers on a skip path (projection convs and their BN)
 * @param params trainable parameters (BN counts gamma and beta; running statistics are state)
 * @param macs   multiply-accumulates for one image (BN, ReLU and Add count none)
 */
public record Layer(String name, Op op, List<String> inputs, Shape in, Shape out, int kernel, int stride,
                    int padding, long params, long macs, String block, boolean onSkip) {

    public Layer {
        inputs = List.copyOf(inputs);
    }

    public boolean isConv() {
        return op == Op.CONV;
    }

    /** The same layer reading other tensors (a rewrite pass rewires consumers with it). */
    public Layer withInputs(List<String> newInputs) {
        return new Layer(name, op, newInputs, in, out, kernel, stride, padding, params, macs, block, onSkip);
    }

    /** The same layer with another parameter count (a conv that gained a bias). */
    public Layer withParams(long newParams) {
        return new Layer(name, op, inputs, in, out, kernel, stride, padding, newParams, macs, block, onSkip);
    }
}
