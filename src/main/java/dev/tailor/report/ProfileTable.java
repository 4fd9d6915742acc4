package dev.tailor.report;

import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.Profile;
import dev.tailor.fixedpoint.Role;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A profile as a text table, and the notes its precision file carries beside each line. */
public final class ProfileTable {
    private ProfileTable() {
    }

    public static String render(Profile p, PrecisionPlan plan) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-28s %-14s %10s %10s %10s %10s  %s%n", "layer", "op",
                "|w| max", "|b| max", "out max", "out p99.99", "integer bits w/b/out"));
        for (Profile.LayerRange r : p.layers()) {
            boolean mac = !Double.isNaN(r.weightMax());
            String bits = (mac ? integer(plan, r, Role.WEIGHT) + "/" + integer(plan, r, Role.BIAS) : "-/-") + "/" + integer(plan, r, Role.RESULT);
            b.append(String.format(Locale.ROOT, "%-28s %-14s %10s %10s %10.4g %10.4g  %s%n", r.layer(), r.op().name().toLowerCase(Locale.ROOT),
                    mac ? String.format(Locale.ROOT, "%.4g", r.weightMax()) : "-", mac ? String.format(Locale.ROOT, "%.4g", r.biasMax()) : "-",
                    r.result().max(), r.result().percentile(Profile.QUANTILE), bits));
        }
        return b.toString();
    }

    /** {@code LAYER.ROLE -> "max 3.2, p99.99 2.9"} for the precision file. */
    public static Map<String, String> notes(Profile p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Profile.LayerRange r : p.layers()) {
            if (!Double.isNaN(r.weightMax())) {
                m.put(r.layer() + ".weight", String.format(Locale.ROOT, "max %.4g", r.weightMax()));
                m.put(r.layer() + ".bias", String.format(Locale.ROOT, "max %.4g", r.biasMax()));
            }
            m.put(r.layer() + ".result", String.format(Locale.ROOT, "max %.4g, p99.99 %.4g", r.result().max(),
                    r.result().percentile(Profile.QUANTILE)));
        }
        return m;
    }

    private static int integer(PrecisionPlan plan, Profile.LayerRange r, Role role) {
        return plan.setting(r.layer(), role).type().integer();
    }
}
