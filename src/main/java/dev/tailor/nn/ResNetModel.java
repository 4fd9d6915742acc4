package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.tailor.net.BlockSpec;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A trainable ResNet built from a {@link NetSpec}. Children: {@code stem}, {@code stage1..k},
 * {@code fc}; parameters are addressed by readable names ({@code stage2.block1.conv1.weight}) that
 * do not depend on skip modes, so weights copy by name between differently wired models.
 *
 * <p>Owns its NDManager: close the model to free its memory.
 */
public final class ResNetModel extends NamedBlock implements AutoCloseable {
    private final NDManager manager;
    private final Stem stem;
    private final List<Stage> stages = new ArrayList<>();
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Linear fc;
    private final ParameterStore store;
    private final NetSpec initialSpec;
    private Map<String, Parameter> named;
    private final MemoryLayout layout;
    private final Convolution convolution;
    private FakeQuantizer quantizer;

    private ResNetModel(NetSpec spec, NDManager manager, RuntimeSettings settings) {
        this.manager = manager;
        this.initialSpec = spec;
        this.layout = settings.layout();
        this.convolution = Convolution.of(settings);
        stem = child("stem", new Stem(spec.stem(), convolution));
        Stage current = null;
        int stageNo = 0;
        for (BlockSpec b : spec.blocks()) {
            if (b.stage() != stageNo) {
                stageNo = b.stage();
                current = child("stage" + stageNo, new Stage());
                stages.add(current);
            }
            ResidualBlock rb = new ResidualBlock(b, spec.topology(), convolution);
            current.add(rb);
            blocks.add(rb);
        }
        fc = child("fc", Linear.builder().setUnits(spec.classes()).build());
        store = new ParameterStore(manager, false);
    }

    /**
     * Builds and initialises a model ({@link Initialization}: convs He-normal over fan-out, the
     * classifier as PyTorch's {@code nn.Linear}, BN γ = 1, β = 0) from a generator of its own seeded
     * with {@code seed}: the same seed gives the same weights, and the engine's global generator is
     * neither reseeded nor drawn from.
     */
    public static ResNetModel create(NetSpec spec, NDManager parent, long seed) {
        return create(spec, parent, seed, RuntimeSettings.DEFAULT);
    }

    /** {@link #create(NetSpec, NDManager, long)} with explicit runtime settings. */
    public static ResNetModel create(NetSpec spec, NDManager parent, long seed, RuntimeSettings settings) {
        NDManager m = parent.newSubManager();
        ResNetModel model = new ResNetModel(spec, m, settings);
        // Constant placeholders (no draw from the engine's generator), overwritten below.
        model.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        dev.tailor.net.Shape in = spec.input();
        model.initialize(m, DataType.FLOAT32, new Shape(1, in.channels(), in.height(), in.width()));
        Initialization.apply(model.namedParameters(), seed);
        return model;
    }

    /**
     * Trains and evaluates this model quantisation-aware from now on (null: float again); see
     * {@link FakeQuantizer}. Checkpoints of it record the plan.
     */
    public void setFakeQuantizer(FakeQuantizer q) {
        this.quantizer = q;
    }

    public java.util.Optional<FakeQuantizer> fakeQuantizer() {
        return java.util.Optional.ofNullable(quantizer);
    }

    /** The current description, skip modes included. */
    public NetSpec spec() {
        List<SkipMode> modes = new ArrayList<>();
        for (ResidualBlock b : blocks) {
            modes.add(b.skip());
        }
        return initialSpec.withSkips(modes);
    }

    Convolution convolution() {
        return convolution;
    }

    public NDManager manager() {
        return manager;
    }

    public int skipCount() {
        return blocks.size();
    }

    public SkipMode skip(int index) {
        return blocks.get(index).skip();
    }

    /** Rewires one block in place; parameters and any optimizer state keyed on them are kept. */
    public void setSkip(int index, SkipMode mode) {
        if (index < 0 || index >= blocks.size()) {
            throw new IllegalArgumentException("skip index " + index + " out of range 0.." + (blocks.size() - 1));
        }
        blocks.get(index).setSkip(mode);
    }

    public void setSkips(List<SkipMode> modes) {
        if (modes.size() != blocks.size()) {
            throw new IllegalArgumentException("model has " + blocks.size() + " skips, got " + modes.size() + " modes");
        }
        for (int i = 0; i < modes.size(); i++) {
            setSkip(i, modes.get(i));
        }
    }

    /**
     * Logits for a batch (N, C, H, W). An evaluation pass keeps only its logits: its intermediate
     * arrays would otherwise stay in the caller's manager until that closes, which for the KD
     * teacher means through the whole student step (that alone made KD steps at ResNet-8 batch 128
     * ~10 % slower; BENCHMARKS.md).
     */
    public NDArray forward(NDArray x, boolean training) {
        if (quantizer != null) {
            return training ? quantizer.train(this, store, layout.apply(x)) : quantizer.evaluate(this, x);
        }
        if (training) {
            return forward(store, new NDList(x), true).singletonOrThrow();
        }
        return evaluate(store, x);
    }

    /**
     * Evaluation-mode logits for a model whose parameters will not change again (the frozen KD
     * teacher): each conv's BN is folded into it once, on the first call, instead of on every pass.
     * Parameter changes after that first call do not reach the returned function.
     */
    public UnaryOperator<NDArray> frozenEvaluation() {
        ParameterStore folded = new FoldedStore(manager);
        return x -> evaluate(folded, x);
    }

    private NDArray evaluate(ParameterStore ps, NDArray x) {
        NDManager owner = x.getManager();
        try (NDManager pass = owner.newSubManager()) {
            pass.tempAttachAll(x);
            NDArray logits = forward(ps, new NDList(x), false).singletonOrThrow();
            logits.attach(owner);
            return logits;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = stem.forward(ps, new NDList(layout.apply(inputs.singletonOrThrow())), training);
        for (Stage s : stages) {
            x = s.forward(ps, x, training);
        }
        NDArray h = Pool.globalAvgPool2d(Activation.relu(x.singletonOrThrow()));
        return fc.forward(ps, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[]{new Shape(inputs[0].get(0), initialSpec.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        stem.initialize(m, dataType, s);
        s = stem.getOutputShapes(s);
        for (Stage st : stages) {
            st.initialize(m, dataType, s);
            s = st.getOutputShapes(s);
        }
        fc.initialize(m, dataType, new Shape(s[0].get(0), s[0].get(1)));
    }

    /** Every parameter and BN running statistic, by readable name, in a fixed order. */
    public Map<String, Parameter> namedParameters() {
        if (named == null) {
            Map<String, Parameter> out = new LinkedHashMap<>();
            collect(this, "", out);
            named = Collections.unmodifiableMap(out);
        }
        return named;
    }

    /** Names of the parameters that take gradients under the current wiring. */
    public List<String> trainableNames() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            if (e.getValue().requiresGradient() && isActive(e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private boolean isActive(String name) {
        String[] p = name.split("\\.");
        if (p.length < 4 || !p[0].startsWith("stage")) {
            return true;
        }
        int stage = Integer.parseInt(p[0].substring(5));
        int block = Integer.parseInt(p[1].substring(5));
        return stages.get(stage - 1).blocks().get(block - 1).isActive(p[2]);
    }

    /** Every parameter and BN statistic as engine-free tensors, by the names of {@link #namedParameters()}. */
    public Weights weights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), new Tensor(Arrays.stream(a.getShape().getShape()).mapToInt(Math::toIntExact).toArray(), a.toFloatArray()));
        }
        return new Weights(out);
    }

    /**
     * Copies every parameter present in both models with the same shape, by name.
     *
     * @return the names copied
     */
    public List<String> copyFrom(ResNetModel source) {
        List<String> copied = new ArrayList<>();
        Map<String, Parameter> src = source.namedParameters();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            Parameter s = src.get(e.getKey());
            if (s != null && s.getArray().getShape().equals(e.getValue().getArray().getShape())) {
                TensorWrites.copy(s.getArray(), e.getValue().getArray());
                copied.add(e.getKey());
            }
        }
        return copied;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getValue().getName(), p.getValue());
        }
        if (block instanceof NamedBlock named) {
            named.namedChildren().forEach((name, child) -> collect(child, prefix + name + ".", out));
        } else if (!block.getChildren().isEmpty()) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " has children without our names");
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
