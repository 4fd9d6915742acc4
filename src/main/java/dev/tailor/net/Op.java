package dev.tailor.net;

/** Operations of the flat layer list. */
public enum Op {
    INPUT, CONV, BN, RELU, ADD, MAXPOOL, GLOBAL_AVGPOOL, DENSE;

    /**
     * The epsilon of every {@link #BN} layer: PyTorch's default, the one the trainable model uses,
     * folding and the interpreter compute with, and ONNX files are written with.
     */
    public static final double BN_EPSILON = 1e-5;
}
