package dev.tailor.hardware.dataflow;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 28, item 1: an io_stream conv shifts every padded input pixel into its line buffer in one
 * cycle and spends its reuse factor only on the pixels that complete an output window, so a
 * stride-S conv is charged RF about once per S² input pixels, not on every one. Hand-computed
 * (estimates of the model, pinned exactly):
 *
 * <pre>
 * interval = H'·W' − Ho·Wo + Ho·Wo·RF     (the old model: H'·W'·RF)
 * fill delay = lag − 1 + RF + 2           (lag: (K−1)/2 rows of W' plus (K−1)/2 + 1 pixels)
 *
 * stride 1: 1x8x8 → 3x3 pad 1 → 2x8x8. H'·W' = 10·10 = 100, Ho·Wo = 64, weights 3·3·1·2 = 18, RF 18:
 *           100 − 64 + 64·18 = 36 + 1,152 = 1,188   (old 100·18 = 1,800)
 *           delay: lag = 1·10 + 1 + 1 = 12; 12 − 1 + 18 + 2 = 31   (old 12·18 + 2 = 218)
 * stride 2: 1x8x8 → 3x3 pad 1 stride 2 → 2x4x4. H'·W' = 100, Ho·Wo = 16, RF 18:
 *           100 − 16 + 16·18 = 84 + 288 = 372        (old 1,800)
 *           delay: lag 12 as above: 31
 * stride 4: 1x16x16 → 4x4 pad 0 stride 4 → 2x4x4. H'·W' = 256, Ho·Wo = 16, weights 4·4·1·2 = 32, RF 32:
 *           256 − 16 + 16·32 = 240 + 512 = 752       (old 256·32 = 8,192)
 *           delay: lag = (K−1)/2 = 1 row of 16 plus 1 + 1 = 18; 18 − 1 + 32 + 2 = 51
 * </pre>
 *
 * Each network is input (→ padding) → conv, so the conv is the slowest stage and its interval is
 * the network's II; the stream simulation, which spends one cycle per token and RF on a token that
 * completes an output, runs at that II (+1 cycle between frames, as for the zoo's networks).
 */
class StridedConvStreamTest {

    @ParameterizedTest(name = "{0}x{1}x{1} input, {2}x{2} stride {3} pad {4} -> interval {6}, delay {7}")
    @CsvSource({
            "1, 8, 3, 1, 1, 18, 1188, 31",
            "1, 8, 3, 2, 1, 18, 372, 31",
            "1, 16, 4, 4, 0, 32, 752, 51"})
    void aConvIsChargedItsReuseFactorOnlyPerOutputPixel(int channels, int size, int kernel, int stride, int padding, int rf,
                                                       long interval, long delay) {
        Shape in = new Shape(channels, size, size);
        int outSize = (size + 2 * padding - kernel) / stride + 1;
        Shape out = new Shape(2, outSize, outSize);
        LayerGraph g = LayerGraph.of(ModelZoo.build("resnet8", in, 2, 2), List.of(
                new Layer("input", Op.INPUT, List.of(), in, in, Layer.Geometry.NONE, 0, 0, Layer.Place.OUTSIDE_BLOCKS),
                new Layer("conv", Op.CONV, List.of("input"), in, out, new Layer.Geometry(kernel, stride, padding),
                        (long) kernel * kernel * channels * 2, 0, Layer.Place.OUTSIDE_BLOCKS)));
        StreamGraph sg = StreamGraph.fromDeployed(g);
        DataflowEstimate e = new DataflowModel(DataflowConfig.builder().reuseFactor(rf).build()).estimate("tiny", sg);
        DataflowEstimate.StageCost conv = e.stages().stream().filter(s -> s.name().equals("conv")).findFirst().orElseThrow();
        assertThat(conv.reuseFactor()).isEqualTo(rf);
        assertThat(conv.intervalCycles()).isEqualTo(interval);
        assertThat(conv.delayCycles()).isEqualTo(delay);
        assertThat(e.intervalCycles()).isEqualTo(interval);

        int frames = 3;
        StreamSimulator.Result r = StreamSimulator.run(sg, e, frames, 8L * frames * (e.intervalCycles() + e.latencyCycles()));
        assertThat(r.deadlocked()).isFalse();
        assertThat(r.frameDone()).hasSize(frames);
        assertThat(r.intervalCycles()).isBetween(interval, interval + 1);
    }
}
