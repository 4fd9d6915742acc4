package dev.tailor.fixedpoint;

import java.util.Locale;

/** Which tensor of a layer a precision applies to: hls4ml's {@code weight_t}, {@code bias_t}, {@code accum_t}, {@code result_t}. */
public enum Role {
    WEIGHT, BIAS, ACCUM, RESULT;

    /** The name used in plan files and hls4ml configurations: {@code weight}, {@code bias}, {@code accum}, {@code result}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a plan-file key ends with ({@code stage1.block1.conv1.weight}), or null. */
    static Role suffixOf(String key) {
        for (Role r : values()) {
            if (key.endsWith("." + r.key())) {
                return r;
            }
        }
        return null;
    }
}
