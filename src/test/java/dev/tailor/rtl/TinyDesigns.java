package dev.tailor.rtl;

import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.net.deploy.RandomWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** ResNet-8 at width 4 on 8x8 inputs with random weights: small enough to build and simulate in seconds (tests only). */
public final class TinyDesigns {
    static final Shape INPUT = new Shape(1, 8, 8);

    private TinyDesigns() {
    }

    public enum Wiring {
        LONG, NONE, SHORT;

        public NetSpec spec() {
            NetSpec base = ModelZoo.build("resnet8", INPUT, 10, 4);
            return switch (this) {
                case LONG -> base;
                case NONE -> base.withAllSkips(SkipMode.NONE);
                case SHORT -> base.withTopology(Topology.SHORT_TEACHER).withAllSkips(SkipMode.SHORT);
            };
        }
    }

    public static QuantizedNetwork network(NetSpec spec, PrecisionPlan plan, long seed) {
        DeployedNetwork d = new DeployedNetwork(spec.graph(), RandomWeights.forGraph(spec.graph(), seed))
                .apply(new FoldBatchNorm(), new MergeParallelConvs());
        return QuantizedNetwork.of(d, plan);
    }

    /** Narrow types that overflow now and then: 6-bit results and weights, a 10-bit saturating or wrapping accumulator. */
    public static PrecisionPlan narrow(Rounding r, Overflow o) {
        return PrecisionPlan.of(Map.of(
                PrecisionPlan.DEFAULT, new PrecisionPlan.Setting(new FixedType(6, 3, true, r, o)),
                "default.accum", new PrecisionPlan.Setting(new FixedType(10, 5, true, r, o))));
    }

    public static DataflowConfig dataflow(DataflowConfig.FifoMode mode) {
        return DataflowConfig.builder().fifoMode(mode).build();
    }

    public static List<float[]> images(int n, long seed) {
        Random rng = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[(int) INPUT.elements()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (rng.nextGaussian() * 1.5);
            }
            out.add(v);
        }
        return out;
    }
}
