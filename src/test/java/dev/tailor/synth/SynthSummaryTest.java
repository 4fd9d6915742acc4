package dev.tailor.synth;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.hardware.fpga.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A synthesis result is read back with its estimate, and refused when it is not what tailor synth wrote. */
class SynthSummaryTest {
    @TempDir
    Path dir;

    @Test
    void readsTheMeasuredCountsAndTheEstimateOfTheSameDesign() throws Exception {
        SynthSummary s = SynthSummary.read(SynthFixtures.design(dir.resolve("a"), "resnet8 standard [none,none,none]", 0));
        assertThat(s.measured()).isEqualTo(new Resources(3, 30, 56, 2));
        assertThat(s.estimate()).isEqualTo(new Resources(3, 28, 50, 2));
        assertThat(s.network()).isEqualTo("resnet8 standard [none,none,none]");
        assertThat(s.dataflow()).contains("FIFO hls4ml");
        assertThat(s.seconds()).isEqualTo(12.4);
        assertThat(s.fits()).isTrue();
    }

    @Test
    void refusesWhatTailorSynthDidNotWrite() throws Exception {
        Path d = dir.resolve("b");
        assertThatThrownBy(() -> SynthSummary.read(d)).isInstanceOf(InvalidInputException.class).hasMessageContaining("no synth.json");
        SynthFixtures.design(d, "net", 0);
        Path synth = d.resolve("synth.json");
        String good = Files.readString(synth);

        Files.writeString(synth, good.replace("\"lut\": 56", "\"lut\": 57"));
        assertThatThrownBy(() -> SynthSummary.read(d)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("synth.json").hasMessageContaining("do not match its own cell counts");
        Files.writeString(synth, good.substring(0, good.length() / 2));
        assertThatThrownBy(() -> SynthSummary.read(d)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid JSON");
        Files.writeString(synth, good.replace("\"top\": \"tailor_top\"", "\"top\": \"stage_stem_conv\""));
        assertThatThrownBy(() -> SynthSummary.read(d)).isInstanceOf(InvalidInputException.class).hasMessageContaining("one module (stage_stem_conv)");
        Files.writeString(synth, good.replace("\"network\": \"net\"", "\"network\": \"other\""));
        assertThatThrownBy(() -> SynthSummary.read(d)).isInstanceOf(InvalidInputException.class).hasMessageContaining("another network");
        Files.writeString(synth, good.replace("\"FDRE\": 30", "\"FDRE\": -30"));
        assertThatThrownBy(() -> SynthSummary.read(d)).isInstanceOf(InvalidInputException.class).hasMessageContaining("FDRE is not a count");
        Files.writeString(synth, good);
        Files.writeString(d.resolve("design.json"), "{\"network\": \"net\", \"estimate\": {\"BRAM18\": 1}}");
        assertThatThrownBy(() -> SynthSummary.read(d)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("design.json").hasMessageContaining("no FF count");
    }
}
