package dev.tailor.cli;

import dev.tailor.errors.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One line for a command line picocli could not parse, in Tailor's words: an unknown command or
 * option is named alone (not with the value after it) with the nearest spellings Tailor knows,
 * and a value of the wrong kind says what kind was wanted.
 */
final class ParameterMessages {
    /** Edits (insert, delete, replace, swap two neighbours) at most this far count as a likely typo. */
    private static final int NEAR = 2;

    private ParameterMessages() {
    }

    static String of(CommandLine.ParameterException ex) {
        CommandSpec command = ex.getCommandLine().getCommandSpec();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                List<String> names = new ArrayList<>();
                for (OptionSpec o : command.options()) {
                    names.addAll(List.of(o.names()));
                }
                return "unknown option '" + name + "'" + didYouMean(name, names);
            }
            if (!command.subcommands().isEmpty()) {
                return "unknown command '" + first + "'" + didYouMean(first, List.copyOf(command.subcommands().keySet()));
            }
            return "unexpected argument '" + first + "'";
        }
        return Messages.firstLine(ex.getMessage())
                .replaceAll("is not a (float|double)\\b", "is not a number")
                .replaceAll("is not an? (int|long)\\b", "is not a whole number");
    }

    /** {@code ; did you mean 'x'?} (or 'x' or 'y'), or nothing when no known name is near. */
    static String didYouMean(String typed, List<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<String> near = known.stream().filter(k -> !k.equals(typed))
                .filter(k -> distance(t, k.toLowerCase(Locale.ROOT)) <= NEAR || (t.length() >= 4 && k.startsWith(typed)))
                .sorted(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k))
                .limit(2).toList();
        if (near.isEmpty()) {
            return "";
        }
        return "; did you mean '" + String.join("' or '", near) + "'?";
    }

    /** Optimal string alignment distance: insertions, deletions, replacements and neighbour swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
