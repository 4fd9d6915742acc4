package dev.tailor.kernels;

import ai.djl.ndarray.NDArray;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test double for a native kernel that is wrong on one CPU: libtorch's conv, with its output or
 * its gradients off by a few percent on the configurations {@code affected} selects. It keeps the
 * wrapped kernel's name, so the chooser treats it as libtorch's own.
 */
public final class PerturbedConv extends WrappedConv {
    public enum What {
        OUTPUT, GRADIENTS
    }

    private final Predicate<ConvConfig> affected;
    private final What what;
    final AtomicInteger calls = new AtomicInteger();

    public PerturbedConv(ConvImpl inner, Predicate<ConvConfig> affected, What what) {
        super(inner);
        this.affected = affected;
        this.what = what;
    }

    @Override
    public NDArray apply(NDArray x, NDArray weight, NDArray bias, ConvConfig config) {
        calls.incrementAndGet();
        NDArray y = inner.apply(x, weight, bias, config);
        if (!affected.test(config)) {
            return y;
        }
        if (what == What.OUTPUT) {
            return y.mul(1.03f);
        }
        // The same forward values; every gradient through it scaled by 1.05.
        NDArray extra = y.mul(0.05f);
        return y.add(extra.sub(extra.stopGradient()));
    }
}
