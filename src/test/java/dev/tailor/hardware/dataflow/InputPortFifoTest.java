package dev.tailor.hardware.dataflow;

import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 28, item 2: the network's input stream arrives from outside the design (the top function's
 * argument), so it is no on-chip FIFO. Hand-computed for ResNet-8 at the reference settings (3x32x32
 * input, 8-bit, whole-map FIFOs, Vivado HLS):
 *
 * <pre>
 * the input port was 3 FIFOs (one per channel) of 1,024 words x 8 bits = 8,192 bits > 1,024: BRAM,
 * 2Kx9 shape: ceil(1024/2048)·ceil(8/9) = 1 BRAM18 each, 3 in all, plus 2·ceil(log2 1024) = 20 LUT each, 60 in all.
 * ResNet-8's BRAM18 total was 614 (golden table before the fix): 614 − 3 = 611 (estimates).
 * Vitis HLS keeps the 3 channels in one 24-bit FIFO: ceil(1024/1024)·ceil(24/18) = 2 BRAM18 were charged.
 * </pre>
 */
class InputPortFifoTest {
    private static final NetSpec R8 = ModelZoo.build("resnet8");

    @Test
    void theInputStreamIsNotChargedAsAFifo() {
        DataflowEstimate e = new DataflowModel(DataflowConfig.reference()).estimate(R8);
        assertThat(e.fifos()).noneMatch(f -> f.from().equals("input"));
        // The padding stage after the input still reads through a FIFO of its own: 3 x 1,156 words, 1 BRAM18 each.
        DataflowEstimate.FifoCost pad = e.fifos().get(0);
        assertThat(pad.from()).isEqualTo("stem.conv.pad");
        assertThat(pad.resources().bram18()).isEqualTo(3);
        assertThat(e.total().bram18()).isEqualTo(614 - 3);
    }

    @Test
    void theSimulationFeedsTheInputPortWithoutAFifoLimit() {
        DataflowEstimate e = new DataflowModel(DataflowConfig.reference()).estimate(R8);
        StreamSimulator.Result r = StreamSimulator.run(StreamGraph.of(R8.graph()), e, 3, 8L * 3 * (e.intervalCycles() + e.latencyCycles()));
        assertThat(r.deadlocked()).isFalse();
        assertThat(r.maxOccupancy()).containsKey("input -> stem.conv.pad");
        assertThat(r.intervalCycles()).isBetween(e.intervalCycles(), e.intervalCycles() + 1);
    }
}
