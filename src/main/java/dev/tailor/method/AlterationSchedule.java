package dev.tailor.method;

import dev.tailor.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * When each skip is altered (docs/method.md, "Schedule"): the i-th skip of {@code order} changes at the
 * end of epoch N(i+1), N the period, epochs counted from 0 here (the console counts from 1:
 * {@link #afterEpochs}). With the default input-first order over all skips, skip k changes at the end
 * of epoch N(k+1): ResNet-8 with N = 3 at epochs 3, 6 and 9 (the console's 4, 7 and 10).
 */
public final class AlterationSchedule {
    private final int period;
    private final List<Integer> order;

    public AlterationSchedule(int period, List<Integer> order) {
        if (period <= 0) {
            throw new InvalidInputException("the period between alterations must be positive, got " + period);
        }
        this.period = period;
        this.order = List.copyOf(order);
    }

    /**
     * @param order "input-first", "output-first", or an explicit comma-separated list of skip indices
     */
    public static AlterationSchedule parse(int period, String order, int skipCount) {
        List<Integer> o = new ArrayList<>();
        switch (order.toLowerCase(Locale.ROOT)) {
            case "input-first" -> {
                for (int i = 0; i < skipCount; i++) {
                    o.add(i);
                }
            }
            case "output-first" -> {
                for (int i = skipCount - 1; i >= 0; i--) {
                    o.add(i);
                }
            }
            default -> {
                for (String s : order.split(",")) {
                    int k;
                    try {
                        k = Integer.parseInt(s.trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("alteration order '" + order + "' must be input-first, output-first or a list of skip indices");
                    }
                    if (k < 0 || k >= skipCount || o.contains(k)) {
                        throw new InvalidInputException("alteration order: skip " + k + " is out of range 0.." + (skipCount - 1) + " or repeated");
                    }
                    o.add(k);
                }
            }
        }
        return new AlterationSchedule(period, o);
    }

    /** Skip indices in the order they are altered. */
    public List<Integer> order() {
        return order;
    }

    public int period() {
        return period;
    }

    /** The skip altered at the end of epoch {@code epoch} (0-based), or -1. */
    public int skipAlteredAfter(int epoch) {
        if (epoch <= 0 || epoch % period != 0) {
            return -1;
        }
        int i = epoch / period - 1;
        return i < order.size() ? order.get(i) : -1;
    }

    /** Skips altered by the end of epoch {@code epoch}, in schedule order. */
    public List<Integer> alteredThrough(int epoch) {
        List<Integer> done = new ArrayList<>();
        for (int e = 0; e <= epoch; e++) {
            int k = skipAlteredAfter(e);
            if (k >= 0) {
                done.add(k);
            }
        }
        return Collections.unmodifiableList(done);
    }

    /** The epoch (0-based) after which the last alteration happens. */
    public int lastAlterationEpoch() {
        return period * order.size();
    }

    /** The epochs after which each skip of the order is altered, counted from 1 as the console prints them. */
    public List<Integer> afterEpochs() {
        List<Integer> epochs = new ArrayList<>();
        for (int i = 1; i <= order.size(); i++) {
            epochs.add(period * i + 1);
        }
        return Collections.unmodifiableList(epochs);
    }
}
