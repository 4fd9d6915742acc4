package dev.tailor.net;

/** The two residual block shapes of the model zoo. */
public enum BlockKind {
    /** conv3x3 - conv3x3 (CIFAR ResNets, ResNet-18/34). */
    BASIC,
    /** conv1x1 - conv3x3 - conv1x1 with expansion 4 (ResNet-50); the stride sits on the 3x3. */
    BOTTLENECK
}
