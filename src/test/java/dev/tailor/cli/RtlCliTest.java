package dev.tailor.cli;

import dev.tailor.files.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** tailor rtl end to end on a tiny synthetic checkpoint: the design built and checked, the outputs equal quantize's, user errors. */
class RtlCliTest {
    @TempDir
    static Path dir;
    private static Path ckpt;

    @BeforeAll
    static void train() {
        ckpt = TinyCheckpoint.train(dir);
    }

    @Test
    void verifiedDesignComputesWhatQuantizeWrites() throws Exception {
        Path out = dir.resolve("rtl");
        CliRun r = CliRun.of("rtl", "--checkpoint", ckpt.toString(), "--dataset", "synthetic", "--precision", "8,3", "--fifo", "optimized",
                "--out", out.toString(), "--verify", "6");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("bit-exact: 6 / 6 images").contains("built with Verilator");
        assertThat(out.resolve("tailor.v")).exists();
        var json = Json.MAPPER.readTree(out.resolve("verify.json").toFile());
        assertThat(json.path("bitExact").asBoolean()).isTrue();
        assertThat(json.path("intervalCycles").path("rtl").asLong()).isPositive();
        CliRun q = CliRun.of("quantize", "--checkpoint", ckpt.toString(), "--dataset", "synthetic", "--precision", "8,3", "--limit", "6",
                "--exact", "--per-image", dir.resolve("q.csv").toString());
        assertThat(q.code()).as(q.all()).isZero();
        assertThat(rows(out.resolve(RtlCommand.OUTPUTS))).hasSize(6).isEqualTo(rows(dir.resolve("q.csv")));
    }

    /** The CSV rows without the comment line, which names each file's source. */
    private static List<String> rows(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#") && !l.startsWith("image,")).toList();
    }

    @Test
    void aMissingVerilatorIsOneLineAndWritesNothing() {
        Path out = dir.resolve("never");
        CliRun r = CliRun.of("rtl", "--checkpoint", ckpt.toString(), "--dataset", "synthetic", "--precision", "8,3", "--out", out.toString(),
                "--verify", "2", "--verilator", dir.resolve("no-such-verilator").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("no-such-verilator").contains("apt-get install verilator").doesNotContain("\n").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void optionMistakesAreOneLine() {
        Path out = dir.resolve("never2");
        CliRun r = CliRun.of("rtl", "--checkpoint", ckpt.toString(), "--precision", "8,3", "--out", out.toString(), "--deadlock-check");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--deadlock-check").contains("--verify");
        r = CliRun.of("rtl", "--checkpoint", ckpt.toString(), "--precision", "8,3", "--out", out.toString(), "--layer-reuse", "stage9.conv=4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--layer-reuse").contains("stage9.conv");
        assertThat(out).doesNotExist();
    }

    @Test
    void synthesizesOneStageAndPrintsItAgainFromItsStatistics() {
        Path out = dir.resolve("for-synth");
        CliRun r = CliRun.of("rtl", "--checkpoint", ckpt.toString(), "--precision", "6,3", "--out", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        CliRun none = CliRun.of("synth", out.toString(), "--from-stats");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("synth-stat.json");
        CliRun bad = CliRun.of("synth", out.toString(), "--top", "stage_nosuch");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("stage_nosuch");
        CliRun notDesign = CliRun.of("synth", dir.resolve("t").toString());
        assertThat(notDesign.code()).isEqualTo(2);
        assertThat(notDesign.err()).contains("not a design folder");
        CliRun s = CliRun.of("synth", out.toString(), "--top", "stage_stem_conv");
        assertThat(s.code()).as(s.all()).isZero();
        assertThat(s.out()).contains("not Vivado").contains("stem.conv");
        String total = s.out().lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow();
        CliRun again = CliRun.of("synth", out.toString(), "--top", "stage_stem_conv", "--from-stats");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains(total);
        assertThat(out.resolve("synth-stage_stem_conv.json")).exists();
    }
}
