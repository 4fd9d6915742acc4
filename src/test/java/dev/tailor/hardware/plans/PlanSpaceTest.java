package dev.tailor.hardware.plans;

import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static dev.tailor.net.SkipMode.LONG;
import static dev.tailor.net.SkipMode.NONE;
import static dev.tailor.net.SkipMode.SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanSpaceTest {
    private static PlanCost cost(long bram, long dram, long cycles, SkipMode... plan) {
        return new PlanCost(List.of(plan), new Resources(bram, 0, 0, 0), true, dram, cycles);
    }

    @Test
    void plansAreBaseThreeNumbersWithBlockZeroFirst() {
        assertThat(Plans.count(3)).isEqualTo(27);
        assertThat(Plans.count(9)).isEqualTo(19_683);
        assertThat(Plans.plan(0, 3)).containsExactly(LONG, LONG, LONG);
        assertThat(Plans.plan(1, 3)).containsExactly(LONG, LONG, SHORT);
        assertThat(Plans.plan(9 * 2 + 1, 3)).containsExactly(NONE, LONG, SHORT);
        assertThat(Plans.letters(Plans.plan(26, 3))).isEqualTo("NNN");
        HashSet<List<SkipMode>> all = new HashSet<>();
        for (int i = 0; i < 27; i++) {
            all.add(Plans.plan(i, 3));
        }
        assertThat(all).hasSize(27);
        assertThat(Plans.topologyFor(List.of(LONG, NONE, SHORT))).isEqualTo(Topology.SHORT_TEACHER);
        assertThat(Plans.topologyFor(List.of(LONG, NONE, NONE))).isEqualTo(Topology.STANDARD);
    }

    @Test
    void theFrontKeepsExactlyTheUndominatedPlans() {
        PlanCost a = cost(10, 100, 1000, LONG);
        PlanCost b = cost(20, 50, 1000, SHORT);       // trades BRAM for DRAM: stays
        PlanCost c = cost(20, 100, 1000, NONE);       // beaten by a on BRAM, equal elsewhere: goes
        PlanCost d = cost(5, 200, 2000, NONE);        // cheapest BRAM: stays
        PlanCost e = cost(10, 100, 1000, NONE);       // ties a exactly: stays beside it
        assertThat(ParetoFront.of(List.of(a, b, c, d, e))).containsExactly(d, a, e, b);
    }

    @Test
    void budgetsParseAndPickTheCheapestAndTheFewestChanges() {
        Budget budget = Budget.parse("bram18=15, dram-bytes=150");
        assertThat(budget.limits()).isEqualTo(Map.of(Budget.Key.BRAM18, 15L, Budget.Key.DRAM_BYTES, 150L));
        PlanCost twoChanges = cost(10, 100, 1000, NONE, SHORT, LONG);
        PlanCost oneChange = cost(12, 140, 1000, LONG, NONE, LONG);
        PlanCost over = cost(16, 10, 10, LONG, LONG, LONG);
        assertThat(budget.admits(over)).isFalse();
        assertThat(budget.fewestChanges(List.of(twoChanges, oneChange, over))).contains(oneChange);
        assertThat(budget.cheapest(List.of(oneChange, twoChanges, over))).contains(twoChanges);
        assertThat(Budget.parse("bram18=1").cheapest(List.of(twoChanges))).isEmpty();
        assertThat(Budget.parse("bram18=1").fewestChanges(List.of(twoChanges))).isEmpty();
        // Level on BRAM18, DRAM and cycles: the plan with less logic is the cheaper one, however many skips it alters.
        PlanCost moreLut = new PlanCost(List.of(LONG, NONE, LONG), new Resources(10, 500, 9000, 20), true, 100, 1000);
        PlanCost lessLut = new PlanCost(List.of(NONE, NONE, SHORT), new Resources(10, 500, 8000, 20), true, 100, 1000);
        PlanCost lessFf = new PlanCost(List.of(NONE, NONE, NONE), new Resources(10, 400, 8000, 20), true, 100, 1000);
        assertThat(budget.cheapest(List.of(moreLut, lessLut))).contains(lessLut);
        assertThat(budget.cheapest(List.of(moreLut, lessLut, lessFf))).contains(lessFf);
        PlanCost oneChangeMoreLut = new PlanCost(List.of(LONG, NONE, LONG), new Resources(10, 500, 9000, 20), true, 100, 1000);
        PlanCost oneChangeLessLut = new PlanCost(List.of(LONG, LONG, NONE), new Resources(10, 500, 7000, 20), true, 100, 1000);
        assertThat(budget.fewestChanges(List.of(lessFf, oneChangeMoreLut, oneChangeLessLut))).contains(oneChangeLessLut);
        assertThatThrownBy(() -> Budget.parse("bram=280")).hasMessageContaining("unknown budget key 'bram'");
        assertThatThrownBy(() -> Budget.parse("bram18")).hasMessageContaining("must be KEY=LIMIT");
        assertThatThrownBy(() -> Budget.parse("lut=many")).hasMessageContaining("whole number");
    }

    @Test
    void resnet8HasTwentySevenPlansAndEachAgreesWithItsOwnEstimate() {
        PlanSpace space = new PlanSpace(ModelZoo.build("resnet8"), HardwareConfig.reference());
        List<PlanCost> all = space.evaluateAll();
        assertThat(all).hasSize(27);
        assertThat(all.get(0).plan()).containsExactly(LONG, LONG, LONG);
        // Removing every skip beats the original everywhere; the original is never on the front. A shortened block moves
        // its ReLUs into its convs (no ReLU stages, no streams to them), so it can cost less than a removed one: the
        // front holds plans that shorten and plans that remove.
        PlanCost none = all.get(26);
        assertThat(none.bram18()).isLessThan(all.get(0).bram18());
        assertThat(none.cycles()).isLessThan(all.get(0).cycles());
        assertThat(ParetoFront.of(all)).doesNotContain(all.get(0)).anyMatch(p -> p.plan().contains(NONE))
                .anyMatch(p -> p.plan().contains(SHORT));
        // Every front member is undominated by every plan.
        for (PlanCost f : ParetoFront.of(all)) {
            assertThat(all).noneMatch(p -> p.dominates(f));
        }
        // Each plan costs what `tailor estimate` gives the same wiring.
        dev.tailor.hardware.compare.HardwareEstimator estimator = new dev.tailor.hardware.compare.HardwareEstimator(HardwareConfig.reference());
        for (PlanCost p : all) {
            dev.tailor.hardware.compare.VariantEstimate v = estimator.estimate("plan", Plans.wire(ModelZoo.build("resnet8"), p.plan()));
            assertThat(p.resources()).as("%s", p.plan()).isEqualTo(v.dataflow().total());
            assertThat(p.dramBytes()).as("%s", p.plan()).isEqualTo(v.peArray().dramBytes());
            assertThat(p.cycles()).as("%s", p.plan()).isEqualTo(v.peArray().cycles());
            assertThat(p.fits()).as("%s", p.plan()).isEqualTo(v.fit().fits());
        }
    }

    @Test
    void marginalSavingsCompareOneBlockAgainstItsOwnTeacher() {
        PlanSpace space = new PlanSpace(ModelZoo.build("resnet8"), HardwareConfig.reference());
        List<MarginalSavings.Saving> removed = MarginalSavings.of(space, NONE);
        assertThat(removed).hasSize(3).allMatch(s -> s.bram18() > 0);
        // Ordered by BRAM18 saved; the sum of single removals is what removing all three saves here, the blocks
        // being independent in the dataflow model.
        assertThat(removed).isSortedAccordingTo((x, y) -> Long.compare(y.bram18(), x.bram18()));
        long sum = removed.stream().mapToLong(MarginalSavings.Saving::bram18).sum();
        List<PlanCost> all = space.evaluateAll();
        assertThat(sum).isEqualTo(all.get(0).bram18() - all.get(26).bram18());
        assertThatThrownBy(() -> MarginalSavings.of(space, LONG)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooManyBlocksAreRefused() {
        PlanSpace space = new PlanSpace(ModelZoo.build("resnet110"), HardwareConfig.reference());
        assertThat(space.tooLarge()).contains("resnet110", "54 skips", "3^12");
        assertThatThrownBy(space::evaluateAll).hasMessageContaining("54 skips");
        assertThat(new PlanSpace(ModelZoo.build("resnet8"), HardwareConfig.reference()).tooLarge()).isNull();
    }
}
