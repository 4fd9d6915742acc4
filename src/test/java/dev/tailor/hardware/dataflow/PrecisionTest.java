package dev.tailor.hardware.dataflow;

import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrecisionTest {
    private static final NetSpec R8 = ModelZoo.build("resnet8");
    private static final String CONV = "stage3.block1.conv2";

    private static DataflowEstimate.StageCost stage(DataflowEstimate e, String name) {
        return e.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static DataflowEstimate.FifoCost out(DataflowEstimate e, String from) {
        return e.fifos().stream().filter(f -> f.from().equals(from)).findFirst().orElseThrow();
    }

    @Test
    void oneLayerAtFourBitsChangesThatLayerAndWhatItStreams() {
        DataflowEstimate uniform = new DataflowModel(DataflowConfig.reference()).estimate(R8);
        DataflowConfig mixed = DataflowConfig.builder().layerPrecision(Map.of(CONV, new Precision(2, 4, 16))).build();
        DataflowEstimate e = new DataflowModel(mixed).estimate(R8);
        // 3*3*64*64 = 36,864 weights at RF 576: 64 multipliers. 8-bit weights x 8-bit inputs (16 > 10 bits) use DSPs;
        // 2-bit weights x the same 8-bit inputs (10 bits) become LUT multipliers: 64 DSPs fewer.
        assertThat(stage(uniform, CONV).resources().dsp()).isEqualTo(64);
        assertThat(stage(e, CONV).resources().dsp()).isZero();
        assertThat(e.total().dsp()).isEqualTo(uniform.total().dsp() - 64);
        // Its output stream carries 4-bit words; the stream into it still 8.
        assertThat(out(e, CONV).width()).isEqualTo(4);
        assertThat(out(uniform, CONV).width()).isEqualTo(8);
        assertThat(e.fifos().stream().filter(f -> f.to().equals(CONV)).findFirst().orElseThrow().width()).isEqualTo(8);
        // No other conv changes.
        assertThat(stage(e, "stage3.block1.conv1").resources()).isEqualTo(stage(uniform, "stage3.block1.conv1").resources());
    }

    @Test
    void theReaderOfANarrowStreamUsesItsWidth() {
        // stage3.block1.relu1 streams 4 bits: conv2's line buffer (2 rows of 10 padded pixels, 64 channels), window and
        // input multiplexer halve.
        DataflowConfig narrow = DataflowConfig.builder().layerPrecision(Map.of("stage3.block1.relu1", new Precision(8, 4, 16))).build();
        Resources wide = stage(new DataflowModel(DataflowConfig.reference()).estimate(R8), CONV).resources();
        Resources half = stage(new DataflowModel(narrow).estimate(R8), CONV).resources();
        long lineBuffer8 = 2L * 64 * 8 * 1; // (K-1) * C * b * ceil(10 / 32)
        long window8 = 9L * 64 * 8;
        long select8 = 8L * (576 / 3); // one 576-input multiplexer (RF 576 = 3x3x64 inputs per output), 8 bits
        assertThat(wide.lut() - half.lut()).isEqualTo(lineBuffer8 / 2 + select8 / 2);
        assertThat(wide.ff() - half.ff()).isEqualTo(window8 / 2);
    }

    @Test
    void parsesWeightActivationAccumulator() {
        assertThat(Precision.parse(" 4/8/12 ")).isEqualTo(new Precision(4, 8, 12));
        assertThatThrownBy(() -> Precision.parse("8/8")).hasMessageContaining("must be WEIGHT/ACTIVATION/ACCUMULATOR bits");
        assertThatThrownBy(() -> Precision.parse("8/x/16")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> new Precision(0, 8, 16)).hasMessageContaining("positive");
    }
}
