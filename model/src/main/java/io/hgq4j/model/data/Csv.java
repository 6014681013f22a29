package io.hgq4j.model.data;

import io.hgq4j.model.tensor.Shape;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Numeric CSV: one sample per line, comma-separated numbers, every row the same length. A first line holding a
 * field that is neither empty nor a number is a header and is skipped (its field count must match the rows); blank lines are ignored anywhere; a UTF-8 byte-order mark and
 * {@code \r\n} line ends are accepted. Numbers are decimal ({@code 1}, {@code -0.5}, {@code .5}, {@code 1e-3},
 * {@code 4.9E-324}, with optional spaces around them) or {@code nan}, {@code inf}, {@code infinity} in any case with
 * an optional sign. Lines and fields in messages count from 1.
 */
final class Csv {

    private final byte[] b;
    private double[] values = new double[1024];
    private int size;
    /** The value of the last {@link #number} that succeeded. */
    private double parsed;

    private Csv(byte[] bytes) {
        this.b = bytes;
    }

    /** The samples in {@code bytes}, each of shape [columns]. */
    static SampleArray read(byte[] bytes) {
        return new Csv(bytes).read();
    }

    /**
     * One line per sample, values written with {@link Double#toString(double)} (which reads back as the same double).
     *
     * @throws IllegalArgumentException for zero samples, which a CSV file cannot hold
     */
    static void write(Writer out, SampleArray a) throws IOException {
        if (a.count() == 0) {
            throw new IllegalArgumentException("a CSV file cannot hold zero samples (its row length would be lost)");
        }
        int n = a.sampleSize();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < a.count(); i++) {
            line.setLength(0);
            for (int j = 0; j < n; j++) {
                if (j > 0) {
                    line.append(',');
                }
                line.append(a.value(i, j));
            }
            line.append('\n');
            out.write(line.toString());
        }
    }

    private SampleArray read() {
        int pos = b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf ? 3 : 0;
        int line = 0;
        int columns = -1;
        int columnsLine = 0;
        boolean header = false;
        int rows = 0;
        while (pos < b.length) {
            int end = pos;
            while (end < b.length && b[end] != '\n') {
                end++;
            }
            line++;
            int lineEnd = end > pos && b[end - 1] == '\r' ? end - 1 : end;
            int start = pos;
            pos = end + 1;
            if (blank(start, lineEnd)) {
                continue;
            }
            int before = size;
            int fields = row(start, lineEnd);
            if (fields < 0) {
                int bad = -fields;
                size = before;
                if (rows == 0 && !header && headerLike(start, lineEnd)) {
                    header = true;
                    columns = headerFields(start, lineEnd);
                    columnsLine = line;
                    continue;
                }
                throw notANumber(line, bad, start, lineEnd);
            }
            if (columns < 0) {
                columns = fields;
                columnsLine = line;
            } else if (fields != columns) {
                throw new ArrayFormatException("line " + line + " has " + fields + " field" + (fields == 1 ? "" : "s")
                        + ", expected " + columns + " as " + (header ? "in the header on" : "on") + " line " + columnsLine);
            }
            rows++;
        }
        if (rows == 0) {
            throw new ArrayFormatException(header ? "no data rows, only a header line" : "no data rows (the file is empty)");
        }
        return SampleArray.wrap(Arrays.copyOf(values, size), rows, Shape.of(columns));
    }

    private boolean blank(int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Appends the numbers of a line; their count, or −(1-based number of the first field that is not a number). */
    private int row(int start, int end) {
        int field = 0;
        int s = start;
        while (true) {
            int e = s;
            while (e < end && b[e] != ',') {
                e++;
            }
            field++;
            if (!number(s, e)) {
                return -field;
            }
            if (size == values.length) {
                grow();
            }
            values[size++] = parsed;
            if (e == end) {
                return field;
            }
            s = e + 1;
        }
    }

    private void grow() {
        if (size >= Npy.MAX_ELEMENTS) {
            throw new ArrayFormatException("more than 2^28 = " + Npy.MAX_ELEMENTS + " values");
        }
        values = Arrays.copyOf(values, (int) Math.min((long) values.length * 2, Npy.MAX_ELEMENTS));
    }

    /** Whether a line has a field that is neither empty nor a number: a header (when it is the first line). */
    private boolean headerLike(int start, int end) {
        int s = start;
        while (true) {
            int e = s;
            while (e < end && b[e] != ',') {
                e++;
            }
            if (!blank(s, e) && !number(s, e)) {
                return true;
            }
            if (e == end) {
                return false;
            }
            s = e + 1;
        }
    }

    /** Fields of a header line, where a double-quoted field may hold commas and {@code ""}. */
    private int headerFields(int start, int end) {
        int fields = 1;
        boolean quoted = false;
        for (int i = start; i < end; i++) {
            if (b[i] == '"') {
                quoted = !quoted;
            } else if (b[i] == ',' && !quoted) {
                fields++;
            }
        }
        return fields;
    }

    private ArrayFormatException notANumber(int line, int field, int start, int end) {
        int s = start;
        for (int f = 1; f < field; f++) {
            while (b[s] != ',') {
                s++;
            }
            s++;
        }
        int e = s;
        while (e < end && b[e] != ',') {
            e++;
        }
        String text = new String(b, s, e - s, StandardCharsets.UTF_8).strip();
        return new ArrayFormatException("line " + line + ", field " + field + ": "
                + (text.isEmpty() ? "empty field" : ArrayFormatException.quote(text) + " is not a number")
                + "; expected a number such as 3, -0.25 or 1e-3 (only the first line may be a header)");
    }

    /** Parses the field {@code [s, e)} into {@link #parsed}; false when it is not a number. */
    private boolean number(int s, int e) {
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        int i = s;
        boolean negative = false;
        if (i < e && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (i < e && (b[i] | 0x20) >= 'a' && (b[i] | 0x20) <= 'z') {
            String word = new String(b, i, e - i, StandardCharsets.ISO_8859_1);
            if (word.equalsIgnoreCase("nan")) {
                parsed = Double.NaN;
            } else if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
                parsed = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            } else {
                return false;
            }
            return true;
        }
        int digits = 0;
        long integer = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            integer = integer * 10 + (b[i] - '0');
            digits++;
            i++;
        }
        boolean plainInteger = i == e && digits > 0 && digits <= 15;
        if (plainInteger) { // exact: below 10^15 < 2^53
            parsed = negative ? -(double) integer : (double) integer;
            return true;
        }
        if (i < e && b[i] == '.') {
            i++;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                exponentDigits++;
                i++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        if (i != e) {
            return false;
        }
        parsed = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
        return true;
    }
}
