package dev.tailor.net;

/**
 * The layers before the first block: conv(kernel, stride) + BN + ReLU, then optionally a 3x3/2
 * max-pool (ImageNet family).
 */
public record StemSpec(int channels, int kernel, int stride, boolean maxPool) {
}
