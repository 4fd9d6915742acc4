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

/**
 * The plan space as text: Pareto front, the plan within a budget, and per-block marginal savings.
 * Estimates. A model that was not run (estimate --target dataflow or pe-array) leaves its columns
 * empty: "-" in the tables, an empty field in the CSV.
 */
public final class PlanTables {
    /** The first line of {@link #csv}. */
    public static final String CSV_HEADER = "plan,altered,bram18,dsp,ff,lut,fits,dram_bytes,pe_cycles";

    private static final List<String> HEADER = List.of("plan (L long, S short, N none; input side first)", "altered", "BRAM18", "DSP",
            "LUT", "fits", "DRAM bytes", "PE cycles");
    private static final List<Boolean> NUMERIC = List.of(false, true, true, true, true, false, true, true);

    /** Shown in a table cell for a figure of a model that was not run. */
    static final String NOT_RUN = "-";

    private PlanTables() {
    }

    /**
     * Which models costed these plans. A model that ran leaves a figure no real network has at zero:
     * a dataflow design always has LUT, a PE array always spends cycles.
     */
    public record Models(boolean dataflow, boolean peArray) {
        public static Models of(List<PlanCost> plans) {
            return new Models(plans.stream().anyMatch(p -> p.resources().lut() > 0), plans.stream().anyMatch(p -> p.cycles() > 0));
        }
    }

    /**
     * The front, one row per distinct cost: plans with the same BRAM18, DRAM bytes and cycles share
     * a row, shown by the one that alters fewest skips (then least LUT), with how many others tie.
     */
    public static String front(List<PlanCost> front, int top) {
        return frontTitle(front, top) + "\n" + frontTable(front, top).markdown();
    }

    /**
     * What {@link #front} shows, in words that match its rows: how many plans the front holds, that a
     * row is one cost (shown by one plan, the last column counting the plans that share it), and
     * whether every cost is shown.
     */
    public static String frontTitle(List<PlanCost> front, int top) {
        int costs = byCost(front).size();
        String plans = String.format(Locale.ROOT, "%,d plan%s", front.size(), front.size() == 1 ? "" : "s");
        String rows = costs == front.size()
                ? (costs == 1 ? "" : ", one row each")
                : String.format(Locale.ROOT, " at %,d cost%s, one row per cost (the last column counts the plans that share it)", costs, costs == 1 ? "" : "s");
        String shown = costs > top ? "; the " + top + " lowest in BRAM18 shown" : "";
        return "Pareto front (BRAM18, DRAM bytes and PE cycles, all minimised): " + plans + rows + shown + ".";
    }

    /** The first {@code top} distinct costs of the front, one row each. */
    public static Table frontTable(List<PlanCost> front, int top) {
        List<String> header = new ArrayList<>(HEADER);
        header.add("plans at this cost");
        List<Boolean> numeric = new ArrayList<>(NUMERIC);
        numeric.add(true);
        Table t = Table.of(header, numeric);
        Models models = Models.of(front);
        for (List<PlanCost> group : byCost(front).values().stream().limit(top).toList()) {
            PlanCost best = group.stream().min(Comparator.comparingInt((PlanCost p) -> Plans.altered(p.plan()))
                    .thenComparingLong(p -> p.resources().lut())).orElseThrow();
            List<String> cells = new ArrayList<>(cells(best, models));
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
        Models models = Models.of(all);
        sb.append("cheapest plan within budget (BRAM18, then DRAM bytes, cycles, LUT, FF, DSP):\n").append(header())
                .append(row(budget.cheapest(all).orElseThrow(), models));
        sb.append("smallest change within budget (fewest altered skips, then BRAM18, DRAM bytes, cycles, LUT, FF, DSP):\n").append(header())
                .append(row(pick.get(), models));
        return sb.toString();
    }

    /** Savings of each block altered alone, largest BRAM18 saving first; {@code models}: which columns have figures. */
    public static String marginal(List<MarginalSavings.Saving> savings, String against, Models models) {
        StringBuilder sb = new StringBuilder("Marginal savings, one block " + (savings.isEmpty() ? "" : savings.get(0).mode().label())
                + " (vs " + against + "; which skip pays most to alter first):\n");
        sb.append(String.format(Locale.ROOT, "| rank | block | skip | BRAM18 saved | DRAM bytes saved | PE cycles saved |%n"));
        sb.append("|---:|---|---:|---:|---:|---:|\n");
        int rank = 1;
        for (MarginalSavings.Saving s : savings) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %s | %s |%n", rank++, s.name(), s.block(),
                    figure(s.bram18(), models.dataflow()), figure(s.dramBytes(), models.peArray()), figure(s.cycles(), models.peArray())));
        }
        return sb.toString();
    }

    /** Every plan, one line each; the fields of a model that was not run are empty. */
    public static String csv(List<PlanCost> all) {
        Models models = Models.of(all);
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (PlanCost p : all) {
            sb.append(p.letters()).append(',').append(Plans.altered(p.plan()));
            List<Object> dataflow = List.of(p.bram18(), p.resources().dsp(), p.resources().ff(), p.resources().lut(), p.fits());
            dataflow.forEach(v -> sb.append(',').append(models.dataflow() ? v : ""));
            List<Object> peArray = List.of(p.dramBytes(), p.cycles());
            peArray.forEach(v -> sb.append(',').append(models.peArray() ? v : ""));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String header() {
        return Table.of(HEADER, NUMERIC).markdown();
    }

    private static String row(PlanCost p, Models models) {
        return "| " + String.join(" | ", cells(p, models)) + " |\n";
    }

    private static List<String> cells(PlanCost p, Models models) {
        boolean d = models.dataflow();
        return List.of(p.letters(), String.valueOf(Plans.altered(p.plan())), figure(p.bram18(), d), figure(p.resources().dsp(), d),
                figure(p.resources().lut(), d), d ? (p.fits() ? "yes" : "**NO**") : NOT_RUN, figure(p.dramBytes(), models.peArray()),
                figure(p.cycles(), models.peArray()));
    }

    private static String figure(long v, boolean run) {
        return run ? String.format(Locale.ROOT, "%,d", v) : NOT_RUN;
    }
}
