package dev.tailor.rtl;

import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.hardware.dataflow.DataflowConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model's minimum safe skip-FIFO depths hold in RTL: one word less hangs the design (and the
 * watchdog names the full skip stream), the minimum runs; and the verification notices a design
 * that computes something else.
 */
class RtlDeadlockTest {
    @TempDir
    static Path dir;
    private static RtlDesign design;
    private static Path built;
    private static final List<float[]> IMAGES = TinyDesigns.images(2, 5);

    @BeforeAll
    static void build() {
        QuantizedNetwork q = TinyDesigns.network(TinyDesigns.Wiring.LONG.spec(), TinyDesigns.narrow(Rounding.TRN, Overflow.WRAP), 11);
        design = RtlDesign.of(q, TinyDesigns.dataflow(DataflowConfig.FifoMode.OPTIMIZED));
        built = dir.resolve("design");
        RtlWriter.write(design, built);
        RtlSimulation.build(built, RtlSimulation.TOOL, 2);
    }

    @Test
    void everySkipStreamHangsOneWordBelowItsMinimumAndRunsAtIt() {
        List<RtlDesign.Stream> skips = design.fifos().stream().filter(RtlDesign.Stream::skip).toList();
        assertThat(skips).hasSize(3); // identity skip of stage 1, projections of stages 2 and 3
        for (RtlDesign.Stream s : skips) {
            assertThat(s.minSafe()).as(s.name()).isGreaterThan(1);
            RtlVerification.Report below = RtlVerification.verify(design, built, IMAGES, Map.of(s.id(), s.minSafe() - 1), "below");
            assertThat(below.hung()).as("%s at %d", s.name(), s.minSafe() - 1).isTrue();
            assertThat(below.stalled().get(0)).as("the first line names the cause").contains(s.name()).contains("full at depth " + (s.minSafe() - 1));
            RtlVerification.Report at = RtlVerification.verify(design, built, IMAGES, Map.of(s.id(), s.minSafe()), "at");
            assertThat(at.hung()).as("%s at %d: %s", s.name(), s.minSafe(), at.stalled()).isFalse();
            assertThat(at.bitExact()).isTrue();
            RtlVerification.FifoRow row = at.fifos().stream().filter(f -> f.name().equals(s.name())).findFirst().orElseThrow();
            assertThat(row.rtlMost()).as("the stream fills to exactly its minimum").isEqualTo(s.minSafe());
        }
    }

    @Test
    void aWrongWeightIsCaught() throws Exception {
        Path rom = Files.list(built).filter(p -> p.getFileName().toString().startsWith("stage_stem_conv")).findFirst().orElseThrow();
        String original = Files.readString(rom);
        try {
            char c = original.charAt(0);
            Files.writeString(rom, (c == '0' ? '1' : '0') + original.substring(1));
            RtlVerification.Report r = RtlVerification.verify(design, built, TinyDesigns.images(4, 9), Map.of(), "wrong");
            assertThat(r.hung()).isFalse();
            assertThat(r.identical()).isLessThan(4);
            assertThat(r.mismatches()).isNotEmpty();
            assertThat(r.bitExact()).isFalse();
        } finally {
            Files.writeString(rom, original);
        }
    }
}
