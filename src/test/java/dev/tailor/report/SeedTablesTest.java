package dev.tailor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.experiment.PairedComparison;
import dev.tailor.method.AlterationTarget;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Mean ± sd per arm and the paired comparisons, from results made up by hand and worked out by hand. */
class SeedTablesTest {
    private static final NetSpec TEACHER = ModelZoo.build("resnet8", new Shape(3, 32, 32), 10, 16);
    private static final AlterationTarget R = AlterationTarget.REMOVE;

    private static ArmResult run(Arm arm, long seed, double top1) {
        NetSpec spec = arm.isTeacher() ? TEACHER : TEACHER.withAllSkips(SkipMode.NONE);
        return new ArmResult(arm, R, seed, spec, top1, 0.99, 5, 60);
    }

    /** Teacher 90/91/92 %, gradual 90.5/90.5/93 %, all at once 90/91.5 % (seed 3 missing). */
    private static List<ArmResult> rows() {
        List<ArmResult> rows = new ArrayList<>();
        rows.add(run(Arm.TEACHER, 1, 0.90));
        rows.add(run(Arm.TEACHER, 2, 0.91));
        rows.add(run(Arm.TEACHER, 3, 0.92));
        rows.add(run(Arm.TAILOR, 3, 0.93));
        rows.add(run(Arm.TAILOR, 1, 0.905));
        rows.add(run(Arm.TAILOR, 2, 0.905));
        rows.add(run(Arm.KD_ALL_AT_ONCE, 1, 0.90));
        rows.add(run(Arm.KD_ALL_AT_ONCE, 2, 0.915));
        return rows;
    }

    @Test
    void comparesOnlySeedsBothArmsFinished() {
        List<PairedComparison> cs = PairedComparison.of(rows());
        assertThat(cs).extracting(PairedComparison::claim)
                .containsExactly("gradual − all at once", "student − teacher", "student − teacher");
        PairedComparison gradualVsTeacher = cs.get(1);
        assertThat(gradualVsTeacher.a().arm()).isEqualTo(Arm.TAILOR);
        assertThat(gradualVsTeacher.seeds()).containsExactly(1L, 2L, 3L);
        // Differences +0.005, −0.005, +0.010: mean 0.01/3; sample sd and t interval written out.
        double mean = 0.01 / 3;
        double sd = Math.sqrt((Math.pow(0.005 - mean, 2) + Math.pow(-0.005 - mean, 2) + Math.pow(0.010 - mean, 2)) / 2);
        double half = 4.302652729749462 * sd / Math.sqrt(3); // t(0.975, 2) from the tables
        assertThat(gradualVsTeacher.top1().mean()).isCloseTo(mean, within(1e-12));
        assertThat(gradualVsTeacher.top1().low()).isCloseTo(mean - half, within(1e-9));
        assertThat(gradualVsTeacher.top1().high()).isCloseTo(mean + half, within(1e-9));
        assertThat(gradualVsTeacher.top1().winsA()).isEqualTo(2);
        assertThat(gradualVsTeacher.top1().winsB()).isEqualTo(1);

        PairedComparison gradualVsAllAtOnce = cs.get(0);
        assertThat(gradualVsAllAtOnce.seeds()).containsExactly(1L, 2L);
        assertThat(gradualVsAllAtOnce.top1().winsA()).isEqualTo(1);
        assertThat(gradualVsAllAtOnce.top1().winsB()).isEqualTo(1);
        assertThat(gradualVsAllAtOnce.top1().mean()).isCloseTo(-0.0025, within(1e-12));
    }

    @Test
    void tableGivesMeanSdAndEverySeed() {
        String md = SeedTables.markdown(rows());
        // Gradual: mean 91.333 %, sd √((0.8333² + 0.8333² + 1.6667²) / 2) = 1.443 pp.
        assertThat(md).contains("| seed 1 | seed 2 | seed 3 |")
                .contains("| tailor (remove) | 91.33 ± 1.44 | 90.50 | 90.50 | 93.00 | 3 |")
                .contains("| kd-all-at-once (remove) | 90.75 ± 1.06 | 90.00 | 91.50 | – | 2 |")
                .contains("| teacher | 91.00 ± 1.00 | 90.00 | 91.00 | 92.00 | 3 |");
        // One model for Markdown and the page: every figure a right-aligned column, one row per arm and per claim.
        Table t = SeedTables.table(rows());
        assertThat(t.rows()).hasSize(3);
        assertThat(t.header().subList(0, 6)).containsExactly("arm", "test top-1 %, mean ± sd", "seed 1", "seed 2", "seed 3", "n");
        assertThat(t.numeric().subList(0, 6)).containsExactly(false, true, true, true, true, true);
        assertThat(SeedTables.comparisons(rows()).rows()).hasSize(3);
        String cmp = SeedTables.comparisonsMarkdown(rows());
        assertThat(cmp).contains("| gradual − all at once | tailor (remove) | kd-all-at-once (remove) | 2 | -0.25 |")
                .contains("| student − teacher | tailor (remove) | teacher | 3 | +0.33 | [")
                .contains("| 2 / 1 / 0 |");
    }

    @Test
    void jsonHasSpreadsAndComparisonsWithNullForOneSeed() {
        ObjectMapper json = new ObjectMapper();
        List<ArmResult> rows = new ArrayList<>(rows());
        rows.add(run(Arm.SCRATCH, 2, 0.88));
        ObjectNode root = json.createObjectNode();
        SeedTables.json(root, rows);
        assertThat(root.get("seeds").toString()).isEqualTo("[1,2,3]");
        JsonNode scratch = null;
        for (JsonNode a : root.get("armsOverSeeds")) {
            if (a.get("arm").asText().equals("scratch")) {
                scratch = a;
            }
        }
        assertThat(scratch).isNotNull();
        assertThat(scratch.get("n").asInt()).isEqualTo(1);
        assertThat(scratch.get("sdTop1").isNull()).isTrue();
        assertThat(scratch.get("top1BySeed").get("2").asDouble()).isEqualTo(0.88);
        JsonNode first = root.get("comparisons").get(0);
        assertThat(first.get("claim").asText()).isEqualTo("gradual − all at once");
        assertThat(first.get("seeds").toString()).isEqualTo("[1,2]");
        // Gradual − scratch has one common seed: no interval.
        boolean sawOneSeed = false;
        for (JsonNode c : root.get("comparisons")) {
            if (c.get("claim").asText().equals("gradual − from scratch")) {
                assertThat(c.get("n").asInt()).isEqualTo(1);
                assertThat(c.get("low").isNull()).isTrue();
                assertThat(c.get("meanDifference").asDouble()).isCloseTo(0.025, within(1e-12));
                sawOneSeed = true;
            }
        }
        assertThat(sawOneSeed).isTrue();
    }
}
