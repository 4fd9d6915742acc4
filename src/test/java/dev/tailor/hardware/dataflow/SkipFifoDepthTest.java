package dev.tailor.hardware.dataflow;

import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Minimum safe skip-FIFO depths against hand counts of token dependencies, the "would deadlock"
 * flag and its fix. A 3x3 'same' conv emits output (r, c) once it has read input (r+1, c+1) (the
 * bottom-right of its window, clamped at the edges); a 1x1 stride-2 projection emits (i, j) once it
 * has read (2i, 2j).
 */
class SkipFifoDepthTest {
    private static DataflowEstimate.FifoCost skipInto(DataflowEstimate e, String add) {
        return e.fifos().stream().filter(f -> f.skip() && f.to().equals(add)).findFirst().orElseThrow();
    }

    private static DataflowEstimate optimized(NetSpec spec) {
        return new DataflowModel(DataflowConfig.reference().withFifoMode(DataflowConfig.FifoMode.OPTIMIZED)).estimate(spec);
    }

    @Test
    void identitySkipOverTwo3x3ConvsHolds2WPlus3() {
        // Long output (0,0) needs conv1 output (1,1), which needs input (2,2) = pixel 2W+2: the skip side has
        // delivered 2W+3 pixels before the Add can take its first pair. W = 32, 16, 8.
        DataflowEstimate e = optimized(ModelZoo.build("resnet20"));
        assertThat(skipInto(e, "stage1.block2.add").minSafeDepth()).isEqualTo(2 * 32 + 3);
        assertThat(skipInto(e, "stage2.block2.add").minSafeDepth()).isEqualTo(2 * 16 + 3);
        assertThat(skipInto(e, "stage3.block2.add").minSafeDepth()).isEqualTo(2 * 8 + 3);
    }

    @Test
    void strided1x1ProjectionHoldsTwoOutputRows() {
        // Block 2 of ResNet-8 at 32x32 -> 16x16. Long output (i,j) needs conv1 (stride 2) output (i+1,j+1), which
        // needs input (2i+3, 2j+3). By then the projection has emitted every (i',j') with 2i' <= 2i+3, i.e. rows
        // 0..i+1: 16(i+2) tokens, of which the Add has taken 16i + j. Worst at j = 0: 32.
        DataflowEstimate e = optimized(ModelZoo.build("resnet8"));
        assertThat(skipInto(e, "stage2.block1.add").minSafeDepth()).isEqualTo(32);
        assertThat(skipInto(e, "stage3.block1.add").minSafeDepth()).isEqualTo(16);
    }

    @Test
    void bottleneckIdentitySkipHoldsWPlus2() {
        // 1x1, 3x3, 1x1 at 56x56: only the 3x3 lags, by one row and one pixel: W + 2 = 58.
        DataflowEstimate e = optimized(ModelZoo.build("resnet50"));
        assertThat(skipInto(e, "stage1.block2.add").minSafeDepth()).isEqualTo(56 + 2);
    }

    @Test
    void occupancyIsTheMostTokensWaitingForTheOtherSide() {
        // This side makes token k from fork token k; the other side needs fork token q + 2 for its token q.
        long[] self = {0, 1, 2, 3, 4};
        long[] other = {2, 3, 4, 4, 4};
        assertThat(FifoDepths.occupancy(self, other)).isEqualTo(3);
        assertThat(FifoDepths.occupancy(other, self)).isEqualTo(1);
    }

    @Test
    void aShallowSkipFifoIsFlaggedWithTheCostOfMakingItSafe() {
        // 16-bit activations, every FIFO 32 deep: block 1's skip stream (16 channels) is 32 < 67 deep. At 32 words a
        // channel's FIFO is 512 bits (shift register); at the safe 67 it is 1,072 bits, one BRAM18 (16 bits x 1K):
        // 16 BRAM18 to make the design safe. Blocks 2 and 3 need 32 and 16: safe.
        DataflowConfig fixed = DataflowConfig.builder().precision(new Precision(8, 16, 32)).fifoMode(DataflowConfig.FifoMode.FIXED)
                .fifoDepth(32).build();
        DataflowEstimate e = new DataflowModel(fixed).estimate(ModelZoo.build("resnet8"));
        DataflowEstimate.FifoCost block1 = skipInto(e, "stage1.block1.add");
        assertThat(block1.depth()).isEqualTo(32);
        assertThat(block1.wouldDeadlock()).isTrue();
        assertThat(block1.resources().bram18()).isZero();
        assertThat(block1.safeResources().bram18()).isEqualTo(16);
        assertThat(skipInto(e, "stage2.block1.add").wouldDeadlock()).isFalse();
        assertThat(skipInto(e, "stage3.block1.add").wouldDeadlock()).isFalse();
        assertThat(e.wouldDeadlock()).isTrue();
        assertThat(e.safeTotal().bram18() - e.total().bram18()).isEqualTo(16);

        DataflowEstimate fixedUp = new DataflowModel(fixed.withFifoMode(DataflowConfig.FifoMode.OPTIMIZED)).estimate(ModelZoo.build("resnet8"));
        assertThat(fixedUp.wouldDeadlock()).isFalse();
        assertThat(skipInto(fixedUp, "stage1.block1.add").depth()).isEqualTo(67);
        assertThat(fixedUp.safeTotal()).isEqualTo(fixedUp.total());
    }

    @Test
    void wholeMapFifosNeverDeadlockAndStraightStreamsGetTwoWordsWhenOptimized() {
        DataflowEstimate whole = new DataflowModel(DataflowConfig.reference()).estimate(ModelZoo.build("resnet50"));
        assertThat(whole.wouldDeadlock()).isFalse();
        DataflowEstimate opt = optimized(ModelZoo.build("resnet8"));
        assertThat(opt.fifos().stream().filter(f -> !f.skip()).mapToLong(DataflowEstimate.FifoCost::depth).max().orElseThrow())
                .isEqualTo(FifoDepths.STRAIGHT_DEPTH);
    }
}
