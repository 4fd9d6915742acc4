package dev.tailor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as a list of blocks, rendered two ways from the same content: a self-contained HTML
 * page (charts inline as SVG, no script, no external resource) and its Markdown twin (charts as
 * links to the PNG files written beside the page).
 */
public final class ReportPage {
    /** One piece of the page. */
    sealed interface Block permits Heading, Text, Code, Bullets, TableBlock, ChartRow {
    }

    /** A section heading (level 2) or sub-heading (level 3). */
    record Heading(int level, String text) implements Block {
    }

    record Text(String text) implements Block {
    }

    /** Preformatted text: a command line. */
    record Code(String text) implements Block {
    }

    record Bullets(List<String> items) implements Block {
    }

    /** A table, with the class the browser test counts rows by. */
    record TableBlock(String id, Table table) implements Block {
    }

    /** Charts side by side, wrapping to the next line when the window is narrow. */
    record ChartRow(List<ChartImage> charts) implements Block {
    }

    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportPage(String title) {
        this.title = title;
    }

    ReportPage heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    ReportPage text(String text) {
        blocks.add(new Text(text));
        return this;
    }

    ReportPage code(String text) {
        blocks.add(new Code(text));
        return this;
    }

    ReportPage bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(List.copyOf(items)));
        }
        return this;
    }

    ReportPage table(String id, Table table) {
        blocks.add(new TableBlock(id, table));
        return this;
    }

    ReportPage charts(List<ChartImage> charts) {
        if (!charts.isEmpty()) {
            blocks.add(new ChartRow(List.copyOf(charts)));
        }
        return this;
    }

    /** Every chart on the page, in order. */
    public List<ChartImage> charts() {
        return blocks.stream().filter(b -> b instanceof ChartRow).flatMap(b -> ((ChartRow) b).charts().stream()).toList();
    }

    List<Block> blocks() {
        return List.copyOf(blocks);
    }

    /** The self-contained page; {@code pngFolder} is where the PNGs lie relative to it (linked under each chart). */
    public String html(String pngFolder) {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Text t) {
                sb.append("<p>").append(inline(t.text())).append("</p>\n");
            } else if (b instanceof Code c) {
                sb.append("<pre>").append(escape(c.text())).append("</pre>\n");
            } else if (b instanceof Bullets l) {
                sb.append("<ul>\n");
                l.items().forEach(i -> sb.append("<li>").append(inline(i)).append("</li>\n"));
                sb.append("</ul>\n");
            } else if (b instanceof TableBlock t) {
                html(sb, t);
            } else if (b instanceof ChartRow r) {
                sb.append("<div class=\"charts\">\n");
                for (ChartImage c : r.charts()) {
                    sb.append("<figure class=\"chart\" id=\"").append(c.id()).append("\" style=\"width:").append(c.width())
                            .append("px\">\n").append(c.svg()).append("\n<figcaption>").append(inline(c.caption()))
                            .append(" <a href=\"").append(escape(pngFolder + "/" + c.pngName())).append("\">PNG</a></figcaption>\n")
                            .append("</figure>\n");
                }
                sb.append("</div>\n");
            }
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static void html(StringBuilder sb, TableBlock t) {
        Table table = t.table();
        sb.append("<div class=\"scroll\"><table class=\"data\" id=\"").append(t.id()).append("\">\n<thead><tr>");
        for (int i = 0; i < table.header().size(); i++) {
            sb.append(table.numeric().get(i) ? "<th class=\"num\">" : "<th>").append(escape(table.header().get(i))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            sb.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                sb.append(table.numeric().get(i) ? "<td class=\"num\">" : "<td>").append(inline(row.get(i))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table></div>\n");
    }

    /** The Markdown twin; {@code pngFolder} is where the PNGs lie relative to it. */
    public String markdown(String pngFolder) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Text t) {
                sb.append(t.text()).append("\n\n");
            } else if (b instanceof Code c) {
                sb.append("```\n").append(c.text()).append("\n```\n\n");
            } else if (b instanceof Bullets l) {
                l.items().forEach(i -> sb.append("- ").append(i).append('\n'));
                sb.append('\n');
            } else if (b instanceof TableBlock t) {
                sb.append(t.table().markdown()).append('\n');
            } else if (b instanceof ChartRow r) {
                r.charts().forEach(c -> sb.append("![").append(c.caption().replace("]", ")")).append("](").append(pngFolder)
                        .append('/').append(c.pngName()).append(")\n"));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Escapes text for HTML, then turns the Markdown the tables use ({@code **bold**}, {@code `code`}) into tags. */
    static String inline(String text) {
        String s = escape(text);
        s = BOLD.matcher(s).replaceAll(m -> Matcher.quoteReplacement("<strong>" + m.group(1) + "</strong>"));
        return CODE.matcher(s).replaceAll(m -> Matcher.quoteReplacement("<code>" + m.group(1) + "</code>"));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Laptop width and narrower: charts shrink with the window (their SVGs keep a viewBox), wide tables
     * scroll inside their own box rather than widening the page, numbers right-aligned in tabular figures.
     */
    private static final String STYLE = """
            body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2330; background: #fff;
                   max-width: 1220px; margin: 0 auto; padding: 12px 20px 40px; font-size: 14px; line-height: 1.4; }
            h1 { font-size: 22px; margin: 8px 0 4px; }
            h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d5dae3; padding-bottom: 3px; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            pre { background: #f4f6f9; padding: 6px 10px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12.5px; }
            code { background: #f4f6f9; padding: 0 3px; overflow-wrap: anywhere; }
            .charts { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
            figure.chart { margin: 0; max-width: 100%; }
            figure.chart svg { display: block; width: 100%; height: auto; }
            figcaption { font-size: 12px; color: #4a5262; margin-top: 2px; }
            .scroll { max-width: 100%; overflow-x: auto; margin: 6px 0 10px; }
            table.data { border-collapse: collapse; font-size: 13px; }
            table.data th, table.data td { padding: 3px 9px; border-bottom: 1px solid #e3e7ee; text-align: left; vertical-align: top; }
            table.data th { background: #f4f6f9; font-weight: 600; }
            table.data td { overflow-wrap: anywhere; }
            table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            strong { color: #b0301c; }
            """;
}
