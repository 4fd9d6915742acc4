package dev.tailor.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Help text wraps at spaces only: no word, path or option is split across lines. */
class HelpWrappingTest {
    @Test
    void everyCommandsHelpFitsTheWidthWithoutSplittingAWord() {
        List<String> commands = new CommandLine(new TailorCli()).getSubcommands().keySet().stream().toList();
        assertThat(commands).contains("train", "estimate", "rtl", "synth");
        for (String c : commands) {
            CliRun r = CliRun.of(c, "--help");
            assertThat(r.code()).as(c).isZero();
            for (String line : r.out().split("\n")) {
                boolean example = line.strip().startsWith("Example:") || line.strip().startsWith("tailor ");
                boolean oneWord = !line.strip().contains(" ");
                assertThat(line.length() <= HelpWrapping.WIDTH || example || oneWord).as(c + ": " + line).isTrue();
            }
            // Every word of the unwrapped help is in the wrapped help whole, in order.
            CommandLine raw = new CommandLine(new TailorCli()).setUsageHelpWidth(10_000);
            String unwrapped = raw.getSubcommands().get(c).getUsageMessage();
            assertThat(words(r.out())).as(c).isEqualTo(words(unwrapped));
        }
        // The cases picocli's own wrapping split.
        assertThat(CliRun.of("train", "--help").out()).contains("[--qat=W,A]", "~/.cache/tailor", "metrics.jsonl");
    }

    @Test
    void aLongLineBreaksAtSpacesUnderItsColumn() {
        String line = "      --data=DIR            Folder with the dataset's files (IDX, CIFAR .bin, or class folders), fetched into ~/.cache/tailor";
        String wrapped = HelpWrapping.wrap(line, false);
        assertThat(wrapped).isEqualTo("      --data=DIR            Folder with the dataset's files (IDX, CIFAR .bin, or\n"
                + "                            class folders), fetched into ~/.cache/tailor");
        assertThat(HelpWrapping.wrap("short line", false)).isEqualTo("short line");
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
