package org.jobqueue.app.inspect;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows of text printed in columns as wide as their widest cell, two spaces apart. */
final class Table {
    private final List<List<String>> rows = new ArrayList<>();

    Table(final List<String> header) {
        rows.add(header);
    }

    Table add(final List<String> row) {
        rows.add(row);
        return this;
    }

    void print(final PrintWriter out) {
        final int[] widths = new int[rows.get(0).size()];
        for (final List<String> row : rows) {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        for (final List<String> row : rows) {
            final StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.size(); column++) {
                if (column > 0) line.append("  ");
                line.append(column == row.size() - 1 ? row.get(column) : pad(row.get(column), widths[column]));
            }
            out.println(line);
        }
        out.flush();
    }

    private static String pad(final String cell, final int width) {
        return cell + " ".repeat(width - cell.length());
    }
}
