package dev.tailor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tailor.nn.ResNetModel;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with Nesterov momentum and L2 weight decay, as PyTorch's {@code SGD(nesterov=True)} does it
 * (DJL's own Nesterov is not implemented for the PyTorch engine):
 * {@code g = grad + wd*w; v = mu*v + g; w -= lr*(g + mu*v)}. Parameters that the current wiring
 * does not use (a removed skip's projection) get no update and no decay, like PyTorch's parameters
 * whose gradient is None. Momentum buffers are keyed by parameter name, so they survive rewiring
 * and checkpoints.
 */
public final class NesterovSgd {
    private final float momentum;
    private final float weightDecay;
    private final Map<String, NDArray> velocity = new HashMap<>();

    public NesterovSgd(float momentum, float weightDecay) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** Applies one update from the gradients the last backward pass left, then zeroes them. */
    public void step(ResNetModel model, float lr) {
        List<String> names = model.trainableNames();
        var params = model.namedParameters();
        try (NDManager scratch = model.manager().newSubManager()) {
            for (String name : names) {
                NDArray w = params.get(name).getArray();
                NDArray grad = w.getGradient();
                grad.attach(scratch);
                NDArray v = velocity.computeIfAbsent(name, k -> w.zerosLike());
                scratch.tempAttachAll(w, v);
                NDArray g = weightDecay == 0 ? grad.duplicate() : w.mul(weightDecay).addi(grad);
                v.muli(momentum).addi(g);
                w.subi(g.addi(v.mul(momentum)).muli(lr));
                grad.subi(grad);
            }
        }
    }

    /** Momentum buffers by parameter name (for checkpoints). */
    public Map<String, NDArray> state() {
        return new LinkedHashMap<>(velocity);
    }

    /** Restores buffers saved by {@link #state()}; arrays are copied into the model's manager. */
    public void load(Map<String, float[]> buffers, ResNetModel model) {
        var params = model.namedParameters();
        for (Map.Entry<String, float[]> e : buffers.entrySet()) {
            var p = params.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("optimizer state names unknown parameter " + e.getKey());
            }
            NDArray w = p.getArray();
            NDArray v = velocity.computeIfAbsent(e.getKey(), k -> w.zerosLike());
            v.set(e.getValue());
        }
    }
}
