package dev.tailor.hardware.dataflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multiplexer that feeds a conv's multipliers (docs/hardware-models.md, "Stage costs"), by hand:
 * 3x3x64 = 576 inputs per output at RF 576 is one 576-input multiplexer of 8 bits, 8·ceil(576/3) =
 * 1,536 LUT; 3x3x16 = 144 inputs at RF 576 walk 144 inputs, 8·48 = 384; 288 inputs at RF 32 take 9
 * products a cycle, each from 32 inputs, 9·8·ceil(32/3) = 792; fully parallel (RF 1) needs none.
 */
class InputSelectTest {
    @Test
    void byHand() {
        assertThat(StageCosts.inputSelect(576, 576, 8)).isEqualTo(1_536);
        assertThat(StageCosts.inputSelect(144, 576, 8)).isEqualTo(384);
        assertThat(StageCosts.inputSelect(288, 32, 8)).isEqualTo(792);
        assertThat(StageCosts.inputSelect(288, 1, 8)).isZero();
    }
}
