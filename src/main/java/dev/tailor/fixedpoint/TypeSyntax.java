package dev.tailor.fixedpoint;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the type strings hls4ml configurations use: {@code ap_fixed<8,3>}, {@code fixed<8,3,RND,SAT>},
 * {@code ap_ufixed<8,0,AP_RND,AP_SAT,0>}, {@code ap_int<8>}, {@code uint<4>}; the writing side is
 * {@link FixedType#toString()}.
 */
public final class TypeSyntax {
    private static final Pattern FIXED = Pattern.compile("(?:ap_)?(u?)fixed<\\s*(\\d+)\\s*,\\s*(-?\\d+)\\s*((?:,\\s*\\w+\\s*){0,3})>");
    private static final Pattern INT = Pattern.compile("(?:ap_)?(u?)int<\\s*(\\d+)\\s*>");

    private TypeSyntax() {
    }

    /** The type a string names; an {@link IllegalArgumentException} says what is wrong with it. */
    public static FixedType parse(String text) {
        String s = text.strip();
        Matcher i = INT.matcher(s);
        if (i.matches()) {
            int w = Integer.parseInt(i.group(2));
            return new FixedType(w, w, i.group(1).isEmpty(), Rounding.TRN, Overflow.WRAP);
        }
        Matcher m = FIXED.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a fixed-point type like ap_fixed<8,3> or ap_fixed<8,3,AP_RND,AP_SAT>");
        }
        String[] modes = m.group(4).isBlank() ? new String[0] : m.group(4).substring(m.group(4).indexOf(',') + 1).split(",");
        Rounding r = modes.length > 0 ? rounding(modes[0].strip()) : Rounding.TRN;
        Overflow o = modes.length > 1 ? overflow(modes[1].strip()) : Overflow.WRAP;
        if (modes.length > 2 && !modes[2].strip().equals("0")) {
            throw new IllegalArgumentException("'" + text + "': saturation bits other than 0 are not supported");
        }
        return new FixedType(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(1).isEmpty(), r, o);
    }

    private static Rounding rounding(String s) {
        String name = s.toUpperCase(Locale.ROOT).replaceFirst("^AP_", "");
        return switch (name) {
            case "TRN" -> Rounding.TRN;
            case "RND" -> Rounding.RND;
            default -> throw new IllegalArgumentException("rounding mode '" + s + "' is not supported (AP_TRN or AP_RND)");
        };
    }

    private static Overflow overflow(String s) {
        String name = s.toUpperCase(Locale.ROOT).replaceFirst("^AP_", "");
        return switch (name) {
            case "WRAP" -> Overflow.WRAP;
            case "SAT" -> Overflow.SAT;
            default -> throw new IllegalArgumentException("overflow mode '" + s + "' is not supported (AP_WRAP or AP_SAT)");
        };
    }
}
