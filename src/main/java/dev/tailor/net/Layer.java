package dev.tailor.net;

import java.util.List;

/**
 * One node of the flat layer list. Its output tensor carries the layer's name.
 *
 * @param inputs   names of the producing layers; for an {@link Op#ADD} the first is the long
 *                 (computing) branch and the second the skip side
 * @param geometry the sliding window of a conv or pooling layer, {@link Geometry#NONE} for the others
 * @param params   trainable parameters (BN counts gamma and beta; running statistics are state)
 * @param macs     multiply-accumulates for one image (BN, ReLU and Add count none)
 * @param place    where the layer sits: its residual block, and whether on a skip path
 */
public record Layer(String name, Op op, List<String> inputs, Shape in, Shape out, Geometry geometry,
                    long params, long macs, Place place) {

    /** A kernel's side, stride and zero padding (square windows only). */
    public record Geometry(int kernel, int stride, int padding) {
        public static final Geometry NONE = new Geometry(0, 0, 0);
    }

    /**
     * @param block  the residual block ({@code stage2.block1}), or "" outside blocks
     * @param onSkip true for layers on a skip path (projection convs and their BN)
     */
    public record Place(String block, boolean onSkip) {
        public static final Place OUTSIDE_BLOCKS = new Place("", false);

        public static Place onMainPath(String block) {
            return new Place(block, false);
        }
    }

    public Layer {
        inputs = List.copyOf(inputs);
    }

    public int kernel() {
        return geometry.kernel();
    }

    public int stride() {
        return geometry.stride();
    }

    public int padding() {
        return geometry.padding();
    }

    public String block() {
        return place.block();
    }

    public boolean onSkip() {
        return place.onSkip();
    }

    public boolean isConv() {
        return op == Op.CONV;
    }

    /** The same layer reading other tensors (a rewrite pass rewires consumers with it). */
    public Layer withInputs(List<String> newInputs) {
        return new Layer(name, op, newInputs, in, out, geometry, params, macs, place);
    }

    /** The same layer with another parameter count (a conv that gained a bias). */
    public Layer withParams(long newParams) {
        return new Layer(name, op, inputs, in, out, geometry, newParams, macs, place);
    }
}
