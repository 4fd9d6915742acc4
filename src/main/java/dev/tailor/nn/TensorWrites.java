package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Writes values into an existing tensor (a parameter, a momentum buffer) in place. DJL's
 * {@code NDArray.set(Buffer)} (and {@code copyTo}, which uses it) runs libtorch under the deprecated
 * {@code AutoNonVariableTypeMode} guard, which prints a multi-line warning on first use; an indexed
 * assignment of the whole tensor writes the same values without it.
 */
public final class TensorWrites {
    private TensorWrites() {
    }

    /** {@code target[...] = values}, row-major; sizes must match. */
    public static void assign(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " values for a tensor of shape " + target.getShape());
        }
        try (NDManager scratch = target.getManager().newSubManager()) {
            copy(scratch.create(values, target.getShape()), target);
        }
    }

    /** {@code target[...] = source}; shapes must match. */
    public static void copy(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("cannot copy " + source.getShape() + " into " + target.getShape());
        }
        target.set(new NDIndex(":"), source);
    }
}
