package dev.tailor.cli;

import picocli.CommandLine;

/**
 * Whole-number options that count something (images, steps, a batch): checked when the command
 * line is parsed, so a negative or zero count is one line naming the option, before any work.
 */
final class Counts {
    private Counts() {
    }

    /** At least 1: a batch, a number of steps or calibration images. */
    static final class Positive extends AtLeast {
        Positive() {
            super(1, "at least 1");
        }
    }

    /** 0 or more: untimed warm-up steps, or a limit where 0 means none. */
    static final class NonNegative extends AtLeast {
        NonNegative() {
            super(0, "0 or more");
        }
    }

    private abstract static class AtLeast implements CommandLine.ITypeConverter<Integer> {
        private final int least;
        private final String rule;

        AtLeast(int least, String rule) {
            this.least = least;
            this.rule = rule;
        }

        @Override
        public Integer convert(String text) {
            int n;
            try {
                n = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
            }
            if (n < least) {
                throw new CommandLine.TypeConversionException("'" + text + "' must be " + rule);
            }
            return n;
        }
    }
}
