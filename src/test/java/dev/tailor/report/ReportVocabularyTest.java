package dev.tailor.report;

import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.hardware.plans.PlanCost;
import dev.tailor.method.AlterationTarget;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One name per arm in every table, column names a reader understands, and sentences that match their tables. */
class ReportVocabularyTest {
    private static final NetSpec R8 = ModelZoo.build("resnet8");

    private static ArmResult arm(Arm a, AlterationTarget t, NetSpec spec) {
        return new ArmResult(a, t, 1, spec, 0.9, 0.99, 3, 60);
    }

    @Test
    void hardwareRowsCarryTheArmNamesOfTheAccuracyTable() {
        NetSpec removed = R8.withAllSkips(SkipMode.NONE);
        List<ArmResult> rows = List.of(arm(Arm.TEACHER, AlterationTarget.REMOVE, R8), arm(Arm.SCRATCH, AlterationTarget.REMOVE, removed),
                arm(Arm.TAILOR, AlterationTarget.REMOVE, removed), arm(Arm.TAILOR, AlterationTarget.SHORTEN, R8.withAllSkips(SkipMode.SHORT)));
        List<VariantEstimate> v = Variants.of(rows, new HardwareEstimator(HardwareConfig.reference()));
        assertThat(v).extracting(VariantEstimate::label).containsExactly("teacher", "tailor (remove)", "tailor (shorten)");
        assertThat(Variants.sharing(rows)).isEqualTo("A row is a network, the same for every arm that ended with its wiring: "
                + "scratch (remove), tailor (remove) end with NNN.");
        String md = ExperimentReport.markdown(rows, List.of(), HardwareConfig.reference());
        assertThat(md).doesNotContain("SkipRemover |", "| original |", "II_cycles", "BRAM18_pct", "frames_s", "skip_FIFOs", "| util |")
                .contains("| network |", "| interval (cycles) |", "| BRAM18 (% of part) |", "| PE use (%) |", "Columns: BRAM18, FF, LUT, DSP",
                        "Arms: teacher: the original network", "scratch: the target wiring trained from scratch");
        // PE use is shown in %, the CSV keeps the fraction.
        double util = v.get(0).peArray().utilisation();
        assertThat(md).contains(HardwareTables.format(100 * util));
        assertThat(HardwareTables.csv(v)).contains("util").doesNotContain("PE use");
        // Without a teacher arm the first row is the original network.
        assertThat(Variants.of(rows.subList(1, 3), new HardwareEstimator(HardwareConfig.reference())).get(0).label()).isEqualTo("original");
    }

    @Test
    void theParetoSentenceSaysWhatTheRowsAre() {
        Resources r = new Resources(10, 1, 1, 1);
        PlanCost a = new PlanCost(List.of(SkipMode.LONG, SkipMode.NONE), r, true, 100, 10);
        PlanCost b = new PlanCost(List.of(SkipMode.NONE, SkipMode.LONG), r, true, 100, 10);
        PlanCost c = new PlanCost(List.of(SkipMode.NONE, SkipMode.NONE), new Resources(5, 1, 1, 1), true, 200, 10);
        assertThat(PlanTables.frontTitle(List.of(a, b), 5)).endsWith(": 2 plans at 1 cost, one row per cost (the last column counts the plans that share it).");
        assertThat(PlanTables.frontTable(List.of(a, b), 5).rows()).hasSize(1);
        assertThat(PlanTables.frontTitle(List.of(a, c), 5)).endsWith(": 2 plans, one row each.");
        assertThat(PlanTables.frontTitle(List.of(c), 5)).endsWith(": 1 plan.");
        assertThat(PlanTables.frontTitle(List.of(a, c), 1)).endsWith(": 2 plans, one row each; the 1 lowest in BRAM18 shown.");
    }

    @Test
    void anUnknownArmListsEveryArm() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Arm.parse("teachr")))
                .hasMessage("unknown arm 'teachr' (expected one of teacher, short-teacher, scratch, kd-all-at-once, tailor, continued)");
    }
}
