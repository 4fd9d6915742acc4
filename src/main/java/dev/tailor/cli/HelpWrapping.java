package dev.tailor.cli;

import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Help text wrapped at spaces only. picocli breaks lines wherever Java's line-break rules allow, which
 * includes after punctuation: it printed {@code ~/.} and {@code cache/tailor} on two lines, and
 * {@code --qat=W,} and {@code A}. Here every section is laid out without a width limit and then
 * wrapped at spaces, each continuation indented like picocli's own: under the description column
 * for an option, after the command name for the synopsis. A word, path or option longer than the
 * line stays whole, and example lines ({@code Example: ...}) are never broken.
 */
final class HelpWrapping {
    /** Help lines are wrapped to this many columns. */
    static final int WIDTH = 80;
    private static final int UNLIMITED = 10_000;

    private HelpWrapping() {
    }

    /** On this command line and every subcommand under it. */
    static void install(CommandLine cli) {
        cli.setUsageHelpWidth(UNLIMITED);
        apply(cli);
    }

    private static void apply(CommandLine cl) {
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>();
        cl.getHelpSectionMap().forEach((key, renderer) -> sections.put(key, help -> {
            String text = renderer.render(help);
            if (!CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS.equals(key)) {
                return wrap(text, false);
            }
            // The synopsis follows its heading ("Usage: ") on the same line: wrap it as if the heading were there.
            int heading = help.commandSpec().usageMessage().synopsisHeading().length();
            return wrap(" ".repeat(heading) + text, true).substring(heading);
        }));
        cl.setHelpSectionMap(sections);
        cl.getSubcommands().values().forEach(HelpWrapping::apply);
    }

    /** Every line of {@code text} wrapped at spaces to {@link #WIDTH} columns. */
    static String wrap(String text, boolean synopsis) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(wrapLine(lines[i], synopsis));
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String wrapLine(String line, boolean synopsis) {
        String trimmed = line.stripTrailing();
        if (trimmed.length() <= WIDTH || trimmed.strip().startsWith("Example:") || !synopsis && trimmed.strip().startsWith("tailor ")) {
            return line;
        }
        int indent = synopsis ? synopsisIndent(trimmed) : continuationIndent(trimmed);
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < trimmed.length()) {
            int gapStart = i;
            while (i < trimmed.length() && trimmed.charAt(i) == ' ') {
                i++;
            }
            int gap = i - gapStart;
            int wordStart = i;
            while (i < trimmed.length() && trimmed.charAt(i) != ' ') {
                i++;
            }
            String word = trimmed.substring(wordStart, i);
            boolean lineStart = current.toString().isBlank();
            // On the first line the original spacing stays (a leading indent, an option's column padding); after a break, one space.
            String sep = out.isEmpty() ? " ".repeat(gap) : (lineStart ? "" : " ");
            if (!lineStart && current.length() + sep.length() + word.length() > WIDTH) {
                out.add(current.toString());
                current = new StringBuilder(" ".repeat(indent));
                sep = "";
            }
            current.append(sep).append(word);
        }
        out.add(current.toString());
        return String.join("\n", out);
    }

    /** Continuation lines start under the text after a line's column padding (an option's description), else under its first word. */
    private static int continuationIndent(String line) {
        int lead = leading(line);
        int gap = line.indexOf("  ", lead);
        if (lead > 0 && gap > 0) {
            int d = gap;
            while (d < line.length() && line.charAt(d) == ' ') {
                d++;
            }
            if (d < WIDTH / 2 + 10) {
                return d;
            }
        }
        return lead;
    }

    /** "Usage: tailor estimate [-hV] ...": continuation lines start under the first option. */
    private static int synopsisIndent(String line) {
        int at = line.indexOf(" [");
        int dash = line.indexOf(" -");
        if (dash > 0 && (at < 0 || dash < at)) {
            at = dash;
        }
        return at < 0 || at > WIDTH / 2 ? leading(line) + 7 : at + 1;
    }

    private static int leading(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
