package dev.tailor.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.Interpreter;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The engine-free layer graph with the model's weights computes what the model computes in evaluation mode. */
class DeployedNetworkTest {
    @SharedManager
    private static NDManager manager;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"resnet8,standard,mixed", "resnet8,short-teacher,mixed", "resnet50,standard,long", "resnet50,standard,short",
            "resnet50,standard,none", "resnet18,short-teacher,short"})
    void interpreterMatchesModel(String model, String topology, String mode) {
        NetSpec spec = ModelZoo.build(model, new dev.tailor.net.Shape(3, 16, 16), 4, 4).withTopology(Topology.parse(topology));
        for (int i = 0; i < spec.skipCount(); i++) {
            spec = spec.withSkip(i, mode.equals("mixed") ? SkipMode.values()[i % 3] : SkipMode.parse(mode));
        }
        try (ResNetModel m = ResNetModel.create(spec, manager, 5)) {
            RandomBatchNorm.apply(m, 2);
            Random rng = new Random(2);
            float[] image = new float[3 * 16 * 16];
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) rng.nextGaussian();
            }
            float[] want = m.forward(manager.create(image, new Shape(1, 3, 16, 16)), false).toFloatArray();
            DeployedNetwork raw = new DeployedNetwork(m.spec().graph(), m.weights());
            for (DeployedNetwork n : new DeployedNetwork[]{raw, raw.apply(new FoldBatchNorm(), new MergeParallelConvs())}) {
                double[] got = Interpreter.logits(n, image);
                assertThat(got).hasSize(want.length);
                for (int k = 0; k < want.length; k++) {
                    assertThat(got[k]).as("logit %d", k).isCloseTo(want[k], within(1e-3 + 1e-4 * Math.abs(want[k])));
                }
            }
        }
    }
}
