package io.hgq4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Plain-text tables of the command line: columns separated by two spaces, numbers right-aligned. */
final class TextTable {

    private TextTable() {
    }

    /** Prints {@code rows} (the first is the header), right-aligning the {@code numeric} columns. */
    static void print(PrintWriter out, List<String[]> rows, int... numeric) {
        int columns = rows.get(0).length;
        Set<Integer> right = Arrays.stream(numeric).boxed().collect(Collectors.toSet());
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String pad = " ".repeat(widths[c] - row[c].length());
                line.append(right.contains(c) ? pad + row[c] : row[c] + pad).append(c + 1 < columns ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
