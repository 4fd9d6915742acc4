package dev.tailor.net;

/** Operations of the flat layer list. */
public enum Op {
    INPUT, CONV, BN, RELU, ADD, MAXPOOL, GLOBAL_AVGPOOL, DENSE
}
