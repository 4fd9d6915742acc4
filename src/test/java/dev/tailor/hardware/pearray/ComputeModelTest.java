package dev.tailor.hardware.pearray;

import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Fold counts and cycles of each dataflow on hand-worked GEMMs (a 4x4 array keeps the arithmetic small). */
class ComputeModelTest {
    private static ComputeModel on4x4(PeArrayConfig.Dataflow d) {
        return ComputeModel.of(PeArrayConfig.builder().array(4, 4).dataflow(d).build());
    }

    // A 3x3 conv, 2 -> 5 channels, 3x3 output: GEMM [9 x 18] x [18 x 5].
    private static final Gemm G = new Gemm(9, 18, 5);

    /**
     * os: output pixels on rows (ceil(9/4) = 3), filters on columns (ceil(5/4) = 2), 18 + 4 + 4 - 2 = 24 per fold.
     * ws: window on rows (ceil(18/4) = 5), filters on columns (2), 2*4 + 4 + 9 - 2 = 19 per fold.
     * is: window on rows (5), output pixels on columns (3), filters streamed: 2*4 + 4 + 5 - 2 = 15 per fold.
     */
    @ParameterizedTest(name = "{0}: {1} folds of {2} cycles")
    @CsvSource({"os,6,24", "ws,10,19", "is,15,15"})
    void foldsAndCyclesPerDataflow(String dataflow, long folds, long perFold) {
        PeArrayConfig.Dataflow d = java.util.Arrays.stream(PeArrayConfig.Dataflow.values()).filter(x -> x.toString().equals(dataflow))
                .findFirst().orElseThrow();
        ComputeModel m = on4x4(d);
        assertThat(m.folds(G)).isEqualTo(folds);
        assertThat(m.cycles(G)).isEqualTo(folds * perFold);
    }

    @Test
    void everyDataflowCostsTheSameDramTrafficAndDiffersInCycles() {
        NetSpec r8 = ModelZoo.build("resnet8");
        PeArrayEstimate os = new PeArrayModel(PeArrayConfig.reference()).estimate(r8);
        for (PeArrayConfig.Dataflow d : PeArrayConfig.Dataflow.values()) {
            PeArrayEstimate e = new PeArrayModel(PeArrayConfig.reference().withDataflow(d)).estimate(r8);
            assertThat(e.dramBytes()).as(d.longName()).isEqualTo(os.dramBytes());
            assertThat(e.utilisation()).as(d.longName()).isBetween(0.0, 1.0);
        }
        assertThat(new PeArrayModel(PeArrayConfig.reference().withDataflow(PeArrayConfig.Dataflow.INPUT_STATIONARY)).estimate(r8).cycles())
                .isNotEqualTo(os.cycles());
    }

    @Test
    void ourStridedProjectionUsesTheRealOutputSize() {
        // A 1x1 stride-2 projection of a 32x32 map gives 16x16; SCALE-Sim's ceil((H - K) / S) + 1 gives 17.
        assertThat(Gemm.scaleSimOutputDim(32, 1, 2)).isEqualTo(17);
        NetSpec r8 = ModelZoo.build("resnet8");
        assertThat(Gemm.of(r8.graph().layer("stage2.block1.proj.conv")).outPixels()).isEqualTo(16 * 16);
    }
}
