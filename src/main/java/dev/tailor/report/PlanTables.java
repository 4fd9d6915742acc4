package dev.tailor.report;

import dev.tailor.hardware.plans.Budget;
import dev.tailor.hardware.plans.MarginalSavings;
import dev.tailor.hardware.plans.PlanCost;
import dev.tailor.hardware.plans.Plans;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The plan space as text: Pareto front, the plan within a budget, and per-block marginal savings. Estimates. */
public final class PlanTables {
    /** The first line of {@link #csv}. */
    public static final String CSV_HEADER = "plan,altered,bram18,dsp,ff,lut,fits,dram_bytes,pe_cycles";

    private static final List<String> HEADER = List.of("plan (L long, S short, N none; input side first)", "altered", "BRAM18", "DSP",
            "LUT", "fits", "DRAM bytes", "PE cycles");
    private static final List<Boolean> NUMERIC = List.of(false, true, true, true, true, false, true, true);

    private PlanTables() {
    }

    /**
     * The front, one row per distinct cost: plans with the same BRAM18, DRAM bytes and cycles share
     * a row, shown by the one that alters fewest skips (then least LUT), with how many others tie.
     */
    public static String front(List<PlanCost> front, int top) {
        return frontTitle(front, top) + "\n" + frontTable(front, top).markdown();
    }

    /** What {@link #front} shows: how many plans, at how many distinct costs, and whether all are shown. */
    public static String frontTitle(List<PlanCost> front, int top) {
        int costs = byCost(front).size();
        return String.format(Locale.ROOT, "Pareto front (BRAM18 vs DRAM bytes vs PE cycles, all minimised): %,d plans at %,d distinct costs; %s",
                front.size(), costs, costs > top ? "the first " + top + " by BRAM18" : "all shown");
    }

    /** The first {@code top} distinct costs of the front, one row each. */
    public static Table frontTable(List<PlanCost> front, int top) {
        List<String> header = new ArrayList<>(HEADER);
        header.add("plans at this cost");
        List<Boolean> numeric = new ArrayList<>(NUMERIC);
        numeric.add(true);
        Table t = Table.of(header, numeric);
        for (List<PlanCost> group : byCost(front).values().stream().limit(top).toList()) {
            PlanCost best = group.stream().min(Comparator.comparingInt((PlanCost p) -> Plans.altered(p.plan()))
                    .thenComparingLong(p -> p.resources().lut())).orElseThrow();
            List<String> cells = new ArrayList<>(cells(best));
            cells.add(String.valueOf(group.size()));
            t = t.with(cells);
        }
        return t;
    }

    private static Map<List<Long>, List<PlanCost>> byCost(List<PlanCost> front) {
        Map<List<Long>, List<PlanCost>> byCost = new LinkedHashMap<>();
        for (PlanCost p : front) {
            byCost.computeIfAbsent(List.of(p.bram18(), p.dramBytes(), p.cycles()), k -> new ArrayList<>()).add(p);
        }
        return byCost;
    }

    public static String budget(Budget budget, List<PlanCost> all, List<PlanCost> front) {
        long within = all.stream().filter(budget::admits).count();
        long frontWithin = front.stream().filter(budget::admits).count();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Budget %s: %,d of %,d plans within it (%,d on the front)%n",
                budget, within, all.size(), frontWithin));
        Optional<PlanCost> pick = budget.fewestChanges(all);
        if (pick.isEmpty()) {
            return sb.append("no plan meets the budget\n").toString();
        }
        sb.append("cheapest plan within budget (BRAM18, then DRAM bytes, cycles, LUT, FF, DSP):\n").append(header())
                .append(row(budget.cheapest(all).orElseThrow()));
        sb.append("smallest change within budget (fewest altered skips, then BRAM18, DRAM bytes, cycles, LUT, FF, DSP):\n").append(header())
                .append(row(pick.get()));
        return sb.toString();
    }

    /** Savings of each block altered alone, largest BRAM18 saving first. */
    public static String marginal(List<MarginalSavings.Saving> savings, String against) {
        StringBuilder sb = new StringBuilder("Marginal savings, one block " + (savings.isEmpty() ? "" : savings.get(0).mode().label())
                + " (vs " + against + "; which skip pays most to alter first):\n");
        sb.append(String.format(Locale.ROOT, "| rank | block | skip | BRAM18 saved | DRAM bytes saved | PE cycles saved |%n"));
        sb.append("|---:|---|---:|---:|---:|---:|\n");
        int rank = 1;
        for (MarginalSavings.Saving s : savings) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %d | %,d | %,d | %,d |%n", rank++, s.name(), s.block(), s.bram18(),
                    s.dramBytes(), s.cycles()));
        }
        return sb.toString();
    }

    /** Every plan, one line each. */
    public static String csv(List<PlanCost> all) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (PlanCost p : all) {
            sb.append(p.letters()).append(',').append(Plans.altered(p.plan())).append(',').append(p.bram18()).append(',')
                    .append(p.resources().dsp()).append(',').append(p.resources().ff()).append(',').append(p.resources().lut())
                    .append(',').append(p.fits()).append(',').append(p.dramBytes()).append(',').append(p.cycles()).append('\n');
        }
        return sb.toString();
    }

    private static String header() {
        return Table.of(HEADER, NUMERIC).markdown();
    }

    private static String row(PlanCost p) {
        return "| " + String.join(" | ", cells(p)) + " |\n";
    }

    private static List<String> cells(PlanCost p) {
        return List.of(p.letters(), String.valueOf(Plans.altered(p.plan())), String.format(Locale.ROOT, "%,d", p.bram18()),
                String.format(Locale.ROOT, "%,d", p.resources().dsp()), String.format(Locale.ROOT, "%,d", p.resources().lut()),
                p.fits() ? "yes" : "**NO**", String.format(Locale.ROOT, "%,d", p.dramBytes()), String.format(Locale.ROOT, "%,d", p.cycles()));
    }
}
