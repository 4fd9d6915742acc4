package dev.tailor.hardware.plans;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Upper limits on some costs, e.g. bram18=280,lut=53200. A plan is within budget when it meets every limit. */
public record Budget(Map<Key, Long> limits) {

    /** What a budget can limit. */
    public enum Key {
        BRAM18, DSP, FF, LUT, DRAM_BYTES, CYCLES;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Budget {
        limits = Map.copyOf(limits);
    }

    /** Parses "key=value[,key=value]" with keys bram18, dsp, ff, lut, dram-bytes, cycles. */
    public static Budget parse(String text) {
        Map<Key, Long> limits = new EnumMap<>(Key.class);
        for (String part : text.split(",")) {
            String[] kv = part.split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("budget entry '" + part.trim() + "' must be KEY=LIMIT, e.g. bram18=280");
            }
            Key key = null;
            for (Key k : Key.values()) {
                if (k.toString().equals(kv[0].trim().toLowerCase(Locale.ROOT))) {
                    key = k;
                }
            }
            if (key == null) {
                throw new IllegalArgumentException("unknown budget key '" + kv[0].trim() + "' (known: bram18, dsp, ff, lut, dram-bytes, cycles)");
            }
            try {
                limits.put(key, Long.parseLong(kv[1].trim().replace("_", "")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("budget limit '" + kv[1].trim() + "' for " + key + " must be a whole number");
            }
        }
        return new Budget(limits);
    }

    public boolean admits(PlanCost p) {
        for (Map.Entry<Key, Long> e : limits.entrySet()) {
            if (value(p, e.getKey()) > e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cost order: BRAM18, DRAM bytes, cycles (the front's objectives), then LUT, FF and DSP, so that
     * of two plans level on the first three the one with less logic wins.
     */
    static final Comparator<PlanCost> BY_COST = Comparator.comparingLong(PlanCost::bram18).thenComparingLong(PlanCost::dramBytes)
            .thenComparingLong(PlanCost::cycles).thenComparingLong((PlanCost p) -> p.resources().lut())
            .thenComparingLong(p -> p.resources().ff()).thenComparingLong(p -> p.resources().dsp());

    /**
     * The plan within budget that alters the fewest skips (each alteration is retraining risk), the
     * cheapest such plan in {@link #BY_COST} order.
     */
    public Optional<PlanCost> fewestChanges(List<PlanCost> plans) {
        return plans.stream().filter(this::admits).min(Comparator.comparingInt((PlanCost p) -> Plans.altered(p.plan())).thenComparing(BY_COST));
    }

    /** The plan within budget with the lowest cost in {@link #BY_COST} order, then the fewest altered skips. */
    public Optional<PlanCost> cheapest(List<PlanCost> plans) {
        return plans.stream().filter(this::admits).min(BY_COST.thenComparingInt((PlanCost p) -> Plans.altered(p.plan())));
    }

    static long value(PlanCost p, Key k) {
        return switch (k) {
            case BRAM18 -> p.resources().bram18();
            case DSP -> p.resources().dsp();
            case FF -> p.resources().ff();
            case LUT -> p.resources().lut();
            case DRAM_BYTES -> p.dramBytes();
            case CYCLES -> p.cycles();
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        limits.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(" <= ").append(e.getValue()));
        return sb.toString();
    }
}
