package dev.tailor.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of formatted cells, rendered as Markdown here and as HTML by {@link ReportPage}: one model,
 * so the page and its Markdown twin show the same figures. Numeric columns are right-aligned.
 */
public record Table(List<String> header, List<Boolean> numeric, List<List<String>> rows) {
    public Table {
        header = List.copyOf(header);
        numeric = List.copyOf(numeric);
        rows = rows.stream().map(List::copyOf).toList();
        int columns = header.size();
        if (numeric.size() != columns || rows.stream().anyMatch(r -> r.size() != columns)) {
            throw new IllegalArgumentException("every row of a table needs one cell per column");
        }
    }

    /** An empty table with these columns, rows added with {@link #with}. */
    public static Table of(List<String> header, List<Boolean> numeric) {
        return new Table(header, numeric, List.of());
    }

    public Table with(List<String> row) {
        List<List<String>> r = new ArrayList<>(rows);
        r.add(row);
        return new Table(header, numeric, r);
    }

    /** The given columns (those this table has), in the given order. */
    public Table select(List<String> columns) {
        List<Integer> idx = columns.stream().map(header::indexOf).filter(i -> i >= 0).toList();
        return new Table(idx.stream().map(header::get).toList(), idx.stream().map(numeric::get).toList(),
                rows.stream().map(r -> idx.stream().map(r::get).toList()).toList());
    }

    /** The same table with columns renamed where {@code names} has an entry. */
    public Table renamed(java.util.Map<String, String> names) {
        return new Table(header.stream().map(h -> names.getOrDefault(h, h)).toList(), numeric, rows);
    }

    public boolean has(String column) {
        return header.contains(column);
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        numeric.forEach(n -> sb.append(n ? "---:|" : "---|"));
        sb.append('\n');
        rows.forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
        return sb.toString();
    }
}
