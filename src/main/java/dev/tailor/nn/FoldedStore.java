package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.convolutional.Conv2d;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A parameter store that also keeps each conv+BN pair's folded weights once an evaluation pass has
 * computed them, for a model whose parameters no longer change (the frozen KD teacher). Folding
 * is a handful of small ops per conv; on every teacher pass they cost ~15 % of it
 * (BENCHMARKS.md, "What changed"). Later changes to the parameters do not reach the kept copies.
 */
final class FoldedStore extends ai.djl.training.ParameterStore {
    /** A conv's folded weight and the bias that replaces its BN. */
    record Folded(NDArray weight, NDArray bias) {
    }

    private final Map<Conv2d, Folded> folded = new IdentityHashMap<>();

    FoldedStore(NDManager manager) {
        super(manager, false);
    }

    /** The pair's folded weights, computed by {@code fold} on first use and kept in the model's manager. */
    Folded get(Conv2d conv, Supplier<Folded> fold) {
        return folded.computeIfAbsent(conv, c -> fold.get());
    }
}
