package dev.tailor.cli;

import dev.tailor.data.ReadersTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What a newcomer sees first: the command list, --version, completion, and a demo's terminal output. */
class FirstImpressionTest {
    @TempDir
    Path dir;

    /** picocli lists a command's header, or else the first line of its description: a whole sentence. */
    @Test
    void everyCommandSummaryIsOneCompleteSentence() {
        Map<String, CommandLine> commands = new CommandLine(new TailorCli()).getSubcommands();
        assertThat(commands).containsKeys("demo", "estimate", "bench", "experiment", "alter", "completion");
        for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = c.getValue().getCommandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            assertThat(summary).as(c.getKey()).isNotEmpty();
            String first = summary[0];
            assertThat(first).as(c.getKey() + ": " + first).endsWith(".").doesNotContain("%n");
            assertThat(first.substring(0, first.length() - 1)).as(c.getKey() + " holds one sentence: " + first)
                    .doesNotContain(". ").doesNotContain("; ");
            assertThat(Character.isUpperCase(first.charAt(0))).as(c.getKey() + ": " + first).isTrue();
        }
    }

    /** The rendered list, wrapped lines joined: each entry ends with its sentence's full stop. */
    @Test
    void theCommandListInHelpShowsWholeSentences() {
        CliRun help = CliRun.of("--help");
        assertThat(help.code()).isZero();
        List<String> entries = new ArrayList<>();
        boolean inCommands = false;
        for (String line : help.out().split("\\R")) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.matches("^  \\S.*")) {
                entries.add(line.trim());
            } else if (inCommands && line.matches("^\\s{3,}\\S.*") && !entries.isEmpty()) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.trim());
            }
        }
        assertThat(entries).hasSizeGreaterThanOrEqualTo(12);
        assertThat(entries).allSatisfy(e -> assertThat(e).endsWith("."));
    }

    @Test
    void versionCarriesWhatABugReportNeeds() {
        CliRun v = CliRun.of("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).containsPattern("(?m)^tailor \\S+")
                .containsPattern("DJL \\d+\\.\\d+\\.\\d+, libtorch \\d+\\.\\d+\\.\\d+")
                .containsPattern("threads: \\d+ intra-op, \\d+ inter-op")
                .containsPattern("CPU: .+, \\d+ cores, (AVX-512|AVX2|AVX|SSE|unknown)")
                .contains("java: ");
    }

    @Test
    void completionScriptKnowsCommandsOptionsAndEnumValues() {
        CliRun c = CliRun.of("completion");
        assertThat(c.code()).isZero();
        assertThat(c.out()).startsWith("#!/usr/bin/env bash")
                .contains("demo", "estimate", "--preset", "--max-steps", "quick", "paper")
                .contains("complete -F _complete_tailor -o default ./tailor")
                // --model completes the zoo's names, as the README promises for every value.
                .contains("(\"resnet8\" \"resnet20\" \"resnet32\" \"resnet44\" \"resnet56\" \"resnet110\" \"resnet18\" \"resnet34\" \"resnet50\") # --model values");
    }

    /**
     * A real demo in a JVM of its own, configured as the launcher does: everything it prints comes
     * from Tailor. The libtorch deprecation paragraph (DJL's whole-tensor set) and DJL's CUDA probe
     * warnings were the lines that did not.
     */
    @Test
    void aShortDemoPrintsOnlyOurOwnLines() throws Exception {
        ReadersTestFiles.writeIdx(dir.resolve("data"), 300, 28, 28, 10);
        Process p = launcherLikeJvm("demo", "--data", dir.resolve("data").toString(), "--max-steps", "2",
                "--out", dir.resolve("demo").toString());
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("Tailor demo", "SkipRemover", "SkipShortener");
        Pattern foreign = Pattern.compile("AutoNonVariableTypeMode|deprecated|CUDA|GPU|SLF4J|\\bWARN\\b|\\bINFO\\b|ai\\.djl\\."
                + "|^\\[[WEI] |^Warning|Exception|^\\s+at ");
        for (String line : output.split("\\R")) {
            assertThat(foreign.matcher(line).find()).as("a line that is not Tailor's: " + line).isFalse();
        }
    }

    /** The launcher's JVM settings ({@code tailor}), but the test's class path: logging comes from our own configuration. */
    private static Process launcherLikeJvm(String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "2"),
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", classPath, TailorCli.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
