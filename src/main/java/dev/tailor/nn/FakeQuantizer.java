package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.net.Weights;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.LayerOps;
import dev.tailor.net.deploy.MergeParallelConvs;

/**
 * Quantisation-aware training for a {@link ResNetModel} ({@link ResNetModel#setFakeQuantizer}): the
 * precision plan the model trains against, and its two forward passes. Training passes fake-quantise
 * weights and activations with straight-through gradients ({@link QatTrainingPass}); evaluation
 * passes run the deployed network in fixed point on the engine's exact fast path, so a QAT run's
 * validation accuracy is the fixed-point network's (docs/fixed-point.md, "QAT").
 */
public final class FakeQuantizer {
    /** Whether training passes update BatchNorm's running statistics, as float training does, or keep them. */
    public enum BatchNormStatistics {
        UPDATED, FROZEN
    }

    private final PrecisionPlan plan;
    private final BatchNormStatistics statistics;
    private java.util.List<dev.tailor.net.SkipMode> cachedWiring;
    private Weights cachedWeights;
    private FixedPointEngine cachedEngine;
    private FixedType cachedLogitType;

    /** Training passes update the running statistics. */
    public FakeQuantizer(PrecisionPlan plan) {
        this(plan, BatchNormStatistics.UPDATED);
    }

    /**
     * @param statistics {@link BatchNormStatistics#FROZEN} keeps the running statistics of the
     *                   network training starts from (fine-tuning): at narrow truncating widths,
     *                   updating them can run away (docs/fixed-point.md, "Known limits")
     */
    public FakeQuantizer(PrecisionPlan plan, BatchNormStatistics statistics) {
        this.plan = plan;
        this.statistics = statistics;
    }

    public PrecisionPlan plan() {
        return plan;
    }

    NDArray train(ResNetModel model, ParameterStore ps, NDArray x) {
        QatTrainingPass pass = new QatTrainingPass(plan, model.spec().graph(), model.namedParameters(), ps, statistics, model.convolution());
        return LayerOps.output(model.spec().graph(), x, pass);
    }

    /**
     * Fixed-point logits as float32, ties broken toward the lower class: the rule of
     * {@code Classes.argmax}, so top-1 here and in the simulation agree.
     */
    NDArray evaluate(ResNetModel model, NDArray x) {
        FixedPointEngine engine = engine(model);
        long n = x.getShape().get(0);
        double[][] logits = engine.logits(x.toFloatArray(), (int) n);
        int classes = logits[0].length;
        double step = Math.scalb(1.0, -(cachedLogitType.fraction() + 32 - Integer.numberOfLeadingZeros(classes) + 1));
        boolean tieBreak = cachedLogitType.width() + 32 - Integer.numberOfLeadingZeros(classes) + 1 <= 24;
        float[] flat = new float[(int) n * classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                flat[i * classes + c] = (float) (logits[i][c] - (tieBreak ? c * step : 0));
            }
        }
        return x.getManager().create(flat, new Shape(n, classes));
    }

    /** The engine for the model's current weights; rebuilt when they change. */
    private FixedPointEngine engine(ResNetModel model) {
        Weights w = model.weights();
        if (cachedWeights == null || !w.asMap().equals(cachedWeights.asMap()) || !model.spec().skips().equals(cachedWiring)) {
            if (cachedEngine != null) {
                cachedEngine.close();
            }
            DeployedNetwork deployed = new DeployedNetwork(model.spec().graph(), w).apply(new FoldBatchNorm(), new MergeParallelConvs());
            QuantizedNetwork q = QuantizedNetwork.of(deployed, plan);
            cachedEngine = new FixedPointEngine(q, model.manager(), model.convolution().kernels());
            cachedLogitType = q.types().of(deployed.graph().layers().get(deployed.graph().layers().size() - 1).name()).result();
            cachedWeights = w;
            cachedWiring = model.spec().skips();
        }
        return cachedEngine;
    }
}
