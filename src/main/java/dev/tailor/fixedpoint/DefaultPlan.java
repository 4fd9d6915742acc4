package dev.tailor.fixedpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The precision plan every command uses when none is given (docs/fixed-point.md, "The default
 * plan"): 8-bit weights with one integer bit, 8-bit biases and results with four, rounding to
 * nearest and saturating, accumulators hls4ml's inferred exact type. So the accuracy {@code quantize}
 * prints without options is that of the design {@code export} and {@code rtl} write and
 * {@code estimate} costs without options.
 */
public final class DefaultPlan {
    public static final FixedType RESULT = FixedType.of(8, 4).with(Rounding.RND, Overflow.SAT);
    public static final FixedType WEIGHT = FixedType.of(8, 1).with(Rounding.RND, Overflow.SAT);

    private DefaultPlan() {
    }

    public static PrecisionPlan plan() {
        Map<String, PrecisionPlan.Setting> m = new LinkedHashMap<>();
        m.put(PrecisionPlan.DEFAULT, new PrecisionPlan.Setting(RESULT));
        m.put(PrecisionPlan.DEFAULT + "." + Role.WEIGHT.key(), new PrecisionPlan.Setting(WEIGHT));
        m.put(PrecisionPlan.DEFAULT + "." + Role.ACCUM.key(), PrecisionPlan.Setting.AUTO_ACCUMULATOR);
        return PrecisionPlan.of(m);
    }

    /** The plan in words, for the line a command prints when it uses it. */
    public static String describe() {
        return "the default plan (weights " + WEIGHT + ", biases and results " + RESULT + ", accumulators auto)";
    }
}
