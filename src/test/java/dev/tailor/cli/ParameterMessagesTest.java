package dev.tailor.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Mistyped commands, options and values get one line with the nearest spelling. */
class ParameterMessagesTest {
    @Test
    void aMistypedCommandIsNamedWithTheNearestOne() {
        CliRun r = CliRun.of("estimte");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: unknown command 'estimte'; did you mean 'estimate'? (see 'tailor --help')");
        assertThat(CliRun.of("frobnicate").err().strip()).isEqualTo("tailor: unknown command 'frobnicate' (see 'tailor --help')");
    }

    @Test
    void aMistypedOptionIsNamedAloneWithTheNearestOnes() {
        CliRun r = CliRun.of("train", "--epoch", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: unknown option '--epoch'; did you mean '--epochs'? (see 'tailor train --help')");
        assertThat(CliRun.of("estimate", "--partt=auto").err()).contains("unknown option '--partt'; did you mean '--part'?")
                .doesNotContain("auto");
    }

    @Test
    void aValueOfTheWrongKindSaysWhatKindWasWanted() {
        assertThat(CliRun.of("train", "--lr", "fast").err()).contains("'fast' is not a number");
        assertThat(CliRun.of("train", "--epochs", "two").err()).contains("'two' is not a whole number");
    }

    @Test
    void distancesAndSuggestions() {
        assertThat(ParameterMessages.distance("estimte", "estimate")).isEqualTo(1);
        assertThat(ParameterMessages.distance("trian", "train")).isEqualTo(1);
        assertThat(ParameterMessages.distance("demo", "models")).isGreaterThan(2);
        assertThat(ParameterMessages.didYouMean("--widht", List.of("--width", "--batch"))).isEqualTo("; did you mean '--width'?");
        assertThat(ParameterMessages.didYouMean("--q", List.of("--width"))).isEmpty();
    }
}
