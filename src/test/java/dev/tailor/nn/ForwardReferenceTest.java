package dev.tailor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The DJL model's evaluation-mode forward pass equals an independent plain-Java reference, for every wiring. */
class ForwardReferenceTest {
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({"standard,long", "standard,none", "standard,short", "short-teacher,long", "short-teacher,none",
            "short-teacher,short", "standard,mixed", "short-teacher,mixed"})
    void matchesReference(String topology, String mode) {
        NetSpec spec = ModelZoo.build("resnet8", new dev.tailor.net.Shape(2, 8, 8), 3, 4).withTopology(Topology.parse(topology));
        String[] modes = mode.equals("mixed") ? new String[]{"short", "none", "long"} : new String[]{mode, mode, mode};
        for (int i = 0; i < 3; i++) {
            spec = spec.withSkip(i, SkipMode.parse(modes[i]));
        }
        try (ResNetModel model = ResNetModel.create(spec, manager, 7)) {
            Random rng = new Random(11);
            Map<String, float[]> weights = new HashMap<>();
            Map<String, long[]> shapes = new HashMap<>();
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                NDArray a = e.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = e.getKey().endsWith("runningVar") ? 0.5f + rng.nextFloat() : (float) rng.nextGaussian() * 0.4f;
                }
                a.set(v);
                weights.put(e.getKey(), v);
                shapes.put(e.getKey(), a.getShape().getShape());
            }
            float[] img = new float[2 * 8 * 8];
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) rng.nextGaussian();
            }
            float[] got = model.forward(manager.create(img, new Shape(1, 2, 8, 8)), false).toFloatArray();

            ReferenceNet ref = new ReferenceNet(weights, shapes);
            ReferenceNet.Map3 x = ref.bn("stem.bn", ref.conv("stem.conv", new ReferenceNet.Map3(img, 2, 8, 8), 1)).relu();
            String[] blocks = {"stage1.block1", "stage2.block1", "stage3.block1"};
            int[] strides = {1, 2, 2};
            for (int b = 0; b < 3; b++) {
                boolean proj = b > 0;
                x = topology.equals("standard") ? ref.standardBlock(blocks[b], x, strides[b], proj, modes[b])
                        : ref.shortTeacherBlock(blocks[b], x, strides[b], proj, modes[b]);
            }
            float[] want = ref.logits(x);
            assertThat(got).hasSize(3);
            for (int k = 0; k < 3; k++) {
                assertThat(got[k]).as("logit %d", k).isCloseTo(want[k], within(1e-3f + 1e-4f * Math.abs(want[k])));
            }
        }
    }
}
