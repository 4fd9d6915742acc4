package dev.tailor.cli;

import dev.tailor.fixedpoint.FixedType;
import dev.tailor.train.FixedPointEvaluation;

import java.util.Locale;

/**
 * {@code quantize --per-image}: one CSV row per image — index, label, predicted class and the
 * logits as raw integers of their fixed-point type — after a comment line that names the network,
 * the data and the type, so that another simulation or an RTL test bench can be compared with
 * Tailor's value by value.
 */
final class PerImageCsv implements FixedPointEvaluation.PerImage {
    private final StringBuilder rows = new StringBuilder();
    private FixedType type;
    private int classes = -1;

    @Override
    public void accept(int index, int label, int predicted, long[] raw, FixedType t) {
        if (classes < 0) {
            classes = raw.length;
            type = t;
        } else if (raw.length != classes || !t.equals(type)) {
            throw new IllegalStateException("image " + index + " has " + raw.length + " logits of " + t + ", the first had " + classes + " of " + type);
        }
        rows.append(index).append(',').append(label).append(',').append(predicted);
        for (long r : raw) {
            rows.append(',').append(r);
        }
        rows.append('\n');
    }

    String text(String what) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(what).append("; logits as raw integers of ").append(type)
                .append(String.format(Locale.ROOT, " (value = raw / 2^%d); predicted = the first index of the largest%n", type == null ? 0 : type.fraction()));
        b.append("image,label,predicted");
        for (int i = 0; i < Math.max(classes, 0); i++) {
            b.append(",logit").append(i);
        }
        return b.append('\n').append(rows).toString();
    }
}
