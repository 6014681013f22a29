package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.Npy;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Weka's ARFF format, as OpenML serves it: a {@code @relation} line, {@code @attribute} declarations and
 * {@code @data} rows of comma-separated values.
 *
 * <ul>
 *   <li>Keywords and type names in any case; {@code %} starts a comment (whole lines, and the rest of a line outside
 *       quotes); blank lines anywhere; {@code \n}, {@code \r\n} or {@code \r} line ends; a UTF-8 byte-order mark.</li>
 *   <li>Names and values bare or quoted with {@code '} or {@code "} (backslash escapes inside quotes), so names may
 *       hold spaces and commas.</li>
 *   <li>Types {@code numeric}, {@code real}, {@code integer} (features and regression targets), nominal
 *       {@code {g,q,t,w,z}} (the class attribute: the value's position in the declaration is the class index),
 *       {@code string} and {@code date} (only as ignored attributes); {@code relational} is refused.</li>
 *   <li>Refused with a clear message: missing values {@code ?} (except in ignored attributes), sparse rows
 *       {@code {0 1.5, 3 2}}, instance weights {@code {2}}, non-numeric feature attributes.</li>
 * </ul>
 */
final class Arff {

    /** The kinds of attribute ARFF declares. */
    enum Kind { NUMERIC, NOMINAL, STRING, DATE }

    /** One {@code @attribute}; {@code values} are the nominal values in declared order. */
    record Attribute(String name, Kind kind, List<String> values, int line) {
    }

    private final byte[] b;
    private final String source;
    private int pos;
    private int line;

    private Arff(byte[] bytes, String source) {
        this.b = bytes;
        this.source = source;
        this.pos = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    }

    /**
     * Reads an ARFF file (optionally gzip-compressed) into a data set.
     *
     * @param target  the target attribute's name, or null for the last attribute (Weka's convention)
     * @param ignored attributes to leave out (e.g. OpenML's row id and ignore attributes)
     * @param name    the data set's name, or null for the {@code @relation} name
     */
    static Dataset read(byte[] bytes, String source, String target, Collection<String> ignored, String name) {
        return new Arff(Io.gunzipIfNeeded(bytes, source), source).dataset(target, ignored, name);
    }

    /**
     * The {@code @relation} name of an ARFF file, read from its first lines, or empty when there is none there or the
     * file cannot be read; used to find cached OpenML data sets by name.
     */
    static Optional<String> relationName(Path file) {
        try (InputStream in = Files.newInputStream(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (int i = 0; i < 10_000; i++) {
                String text = reader.readLine();
                if (text == null) {
                    return Optional.empty();
                }
                String s = text.strip();
                if (s.isEmpty() || s.startsWith("%")) {
                    continue;
                }
                if (!keyword(s).equals("@relation")) {
                    return Optional.empty();
                }
                Arff arff = new Arff(s.getBytes(StandardCharsets.UTF_8), file.toString());
                arff.line = 1;
                return Optional.of(arff.relation(s));
            }
        } catch (IOException | DataException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    // ---- header ----

    private Dataset dataset(String target, Collection<String> ignored, String name) {
        String relation = null;
        List<Attribute> attributes = new ArrayList<>();
        Map<String, Attribute> byName = new HashMap<>();
        boolean data = false;
        while (!data && pos < b.length) {
            int start = pos;
            int end = nextLine();
            String s = new String(b, start, end - start, StandardCharsets.UTF_8).strip();
            if (s.isEmpty() || s.startsWith("%")) {
                continue;
            }
            String keyword = keyword(s);
            if (relation == null) {
                if (!keyword.equals("@relation")) {
                    throw error("expected the @relation line first, found " + DataException.quote(s));
                }
                relation = relation(s);
                continue;
            }
            switch (keyword) {
                case "@attribute" -> {
                    Attribute a = attribute(s);
                    if (byName.putIfAbsent(a.name(), a) != null) {
                        throw error("attribute " + DataException.quote(a.name()) + " is declared twice (first on line "
                                + byName.get(a.name()).line() + ")");
                    }
                    attributes.add(a);
                }
                case "@data" -> {
                    if (!rest(s, "@data".length()).isEmpty()) {
                        throw error("unexpected text after @data: " + DataException.quote(rest(s, 5)));
                    }
                    data = true;
                }
                case "@relation" -> throw error("a second @relation line");
                default -> throw error("expected @attribute or @data, found " + DataException.quote(s));
            }
        }
        if (relation == null) {
            throw new DataException(source + ": no @relation line; not an ARFF file");
        }
        if (!data) {
            throw new DataException(source + ": no @data line after the " + attributes.size() + " attribute"
                    + (attributes.size() == 1 ? "" : "s") + "; the file is truncated or not an ARFF file");
        }
        if (attributes.isEmpty()) {
            throw new DataException(source + ": no @attribute declarations before @data");
        }
        return rows(attributes, byName, target, ignored, name != null ? name : relation);
    }

    /** The first word of a header line, lower case. */
    private static String keyword(String s) {
        int end = 0;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '{') {
            end++;
        }
        return s.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The text after the keyword, comments and surrounding spaces removed. */
    private String rest(String s, int from) {
        return withoutComment(s.substring(from)).strip();
    }

    private String relation(String s) {
        Cursor c = new Cursor(s, "@relation".length());
        String relation = c.name("the relation name");
        c.end("after the relation name");
        return relation;
    }

    private Attribute attribute(String s) {
        Cursor c = new Cursor(s, "@attribute".length());
        String name = c.name("the attribute name");
        c.skipSpace();
        if (c.peek() == '{') {
            List<String> values = c.nominalValues(name);
            c.end("after the nominal values of " + DataException.quote(name));
            return new Attribute(name, Kind.NOMINAL, List.copyOf(values), line);
        }
        String type = c.word().toLowerCase(Locale.ROOT);
        switch (type) {
            case "numeric", "real", "integer" -> {
                c.end("after the type of " + DataException.quote(name));
                return new Attribute(name, Kind.NUMERIC, List.of(), line);
            }
            case "string" -> {
                c.end("after the type of " + DataException.quote(name));
                return new Attribute(name, Kind.STRING, List.of(), line);
            }
            case "date" -> { // an optional format follows; it does not matter for an ignored attribute
                return new Attribute(name, Kind.DATE, List.of(), line);
            }
            case "relational" -> throw error("attribute " + DataException.quote(name)
                    + " is relational; relational (multi-instance) attributes are not supported");
            default -> throw error("attribute " + DataException.quote(name) + " has type "
                    + DataException.quote(type.isEmpty() ? "(none)" : type)
                    + "; expected numeric, real, integer, string, date or {nominal values}");
        }
    }

    /** Removes a {@code %} comment outside quotes. */
    private static String withoutComment(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '%') {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** Reads names, words and nominal lists from one header line. */
    private final class Cursor {
        private final String s;
        private int i;

        Cursor(String s, int from) {
            this.s = s;
            this.i = from;
        }

        char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        /** A bare or quoted name. */
        String name(String what) {
            skipSpace();
            if (i == s.length() || s.charAt(i) == '%') {
                throw error("missing " + what);
            }
            char ch = s.charAt(i);
            if (ch == '\'' || ch == '"') {
                return quoted(what);
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '{' && s.charAt(i) != '%') {
                i++;
            }
            return s.substring(start, i);
        }

        /** A bare word (a type name). */
        String word() {
            skipSpace();
            int start = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        /** The values of {@code {a, 'b c', d}}. */
        List<String> nominalValues(String attribute) {
            i++; // the '{'
            List<String> values = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            while (true) {
                skipSpace();
                if (i == s.length()) {
                    throw error("the nominal values of " + DataException.quote(attribute) + " lack a closing '}'");
                }
                char ch = s.charAt(i);
                String value;
                if (ch == '\'' || ch == '"') {
                    value = quoted("a nominal value of " + DataException.quote(attribute));
                } else {
                    int start = i;
                    while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '}') {
                        i++;
                    }
                    value = s.substring(start, i).strip();
                    if (value.isEmpty() && i < s.length() && s.charAt(i) == '}' && values.isEmpty()) {
                        i++;
                        throw error("attribute " + DataException.quote(attribute) + " has no nominal values");
                    }
                    if (value.isEmpty()) {
                        throw error("an empty nominal value in the declaration of " + DataException.quote(attribute));
                    }
                }
                if (!seen.add(value)) {
                    throw error("nominal value " + DataException.quote(value) + " of " + DataException.quote(attribute)
                            + " is declared twice");
                }
                values.add(value);
                skipSpace();
                if (i == s.length()) {
                    throw error("the nominal values of " + DataException.quote(attribute) + " lack a closing '}'");
                }
                if (s.charAt(i) == '}') {
                    i++;
                    return values;
                }
                if (s.charAt(i) != ',') {
                    throw error("expected ',' or '}' between the nominal values of " + DataException.quote(attribute)
                            + ", found " + DataException.quote(s.substring(i)));
                }
                i++;
            }
        }

        private String quoted(String what) {
            char quote = s.charAt(i++);
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char ch = s.charAt(i++);
                if (ch == quote) {
                    return out.toString();
                }
                if (ch == '\\' && i < s.length()) {
                    out.append(unescape(s.charAt(i++)));
                } else {
                    out.append(ch);
                }
            }
            throw error("unterminated quote in " + what);
        }

        /** Nothing but spaces and a comment may follow. */
        void end(String where) {
            String left = withoutComment(s.substring(i)).strip();
            if (!left.isEmpty()) {
                throw error("unexpected text " + DataException.quote(left) + " " + where);
            }
        }
    }

    private static char unescape(char ch) {
        return switch (ch) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> ch; // \' \" \\ \% and anything else stand for themselves
        };
    }

    // ---- data ----

    private Dataset rows(List<Attribute> attributes, Map<String, Attribute> byName, String targetName,
            Collection<String> ignoredNames, String name) {
        Set<String> ignored = new LinkedHashSet<>(ignoredNames);
        for (String ignore : ignored) {
            if (!byName.containsKey(ignore)) {
                throw new DataException(source + ": there is no attribute " + DataException.quote(ignore) + " to ignore; "
                        + "the attributes are " + names(attributes));
            }
        }
        Attribute target;
        if (targetName == null) {
            target = attributes.get(attributes.size() - 1);
        } else {
            target = byName.get(targetName);
            if (target == null) {
                throw new DataException(source + ": there is no target attribute " + DataException.quote(targetName)
                        + "; the attributes are " + names(attributes));
            }
        }
        if (ignored.contains(target.name())) {
            throw new DataException(source + ": the target attribute " + DataException.quote(target.name())
                    + " is also among the ignored attributes");
        }
        if (target.kind() != Kind.NUMERIC && target.kind() != Kind.NOMINAL) {
            throw new DataException(source + ": line " + target.line() + ": the target attribute "
                    + DataException.quote(target.name()) + " is a " + target.kind().name().toLowerCase(Locale.ROOT)
                    + " attribute; expected a nominal attribute (classes) or a numeric one (regression)");
        }
        int n = attributes.size();
        // role per attribute: feature column >= 0, -1 ignored, -2 target
        int[] role = new int[n];
        int features = 0;
        for (int a = 0; a < n; a++) {
            Attribute attribute = attributes.get(a);
            if (attribute == target) {
                role[a] = -2;
            } else if (ignored.contains(attribute.name())) {
                role[a] = -1;
            } else if (attribute.kind() != Kind.NUMERIC) {
                throw new DataException(source + ": line " + attribute.line() + ": attribute "
                        + DataException.quote(attribute.name()) + " is " + kindName(attribute.kind())
                        + "; features must be numeric (only the target attribute may be nominal)");
            } else {
                role[a] = features++;
            }
        }
        if (features == 0) {
            throw new DataException(source + ": no numeric feature attributes besides the target "
                    + DataException.quote(target.name()));
        }
        boolean classes = target.kind() == Kind.NOMINAL;
        Map<String, Integer> classIndex = new HashMap<>();
        for (int v = 0; v < target.values().size(); v++) {
            classIndex.put(target.values().get(v), v);
        }

        double[] x = new double[(int) Math.min(1 << 16, features * 1024L)];
        double[] y = new double[1024];
        int rows = 0;
        Field field = new Field();
        while (pos < b.length) {
            int start = pos;
            int end = nextLine();
            int p = skipSpace(start, end);
            if (p == end || b[p] == '%') {
                continue;
            }
            if (b[p] == '{') {
                throw error("sparse ARFF rows ({index value, ...}) are not supported; convert the data to dense ARFF");
            }
            if ((long) (rows + 1) * features > Npy.MAX_ELEMENTS) {
                throw error("more than 2^28 = " + Npy.MAX_ELEMENTS + " feature values");
            }
            if ((rows + 1) * features > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(Npy.MAX_ELEMENTS, Math.max(2L * x.length, (long) (rows + 1) * features)));
            }
            if (rows == y.length) {
                y = Arrays.copyOf(y, y.length * 2);
            }
            for (int a = 0; a < n; a++) {
                if (a > 0) {
                    if (p == end) {
                        throw error("the row has " + a + " value" + (a == 1 ? "" : "s") + ", expected " + n
                                + " (one per attribute)");
                    }
                    p++; // the ','
                }
                p = field.read(p, end);
                if (role[a] == -1) {
                    continue;
                }
                Attribute attribute = attributes.get(a);
                if (field.missing()) {
                    throw error("attribute " + DataException.quote(attribute.name())
                            + ": missing value '?'; missing values are not supported (drop or fill those rows first)");
                }
                if (role[a] >= 0 || !classes) {
                    double v = field.number();
                    if (Double.isNaN(v)) {
                        throw error("attribute " + DataException.quote(attribute.name()) + ": "
                                + (field.isEmpty() ? "empty value" : DataException.quote(field.text()) + " is not a number")
                                + "; expected a number such as 3, -0.25 or 1e-3");
                    }
                    if (role[a] >= 0) {
                        x[rows * features + role[a]] = v;
                    } else {
                        y[rows] = v;
                    }
                } else {
                    Integer c = classIndex.get(field.text());
                    if (c == null) {
                        throw error("attribute " + DataException.quote(attribute.name()) + ": "
                                + DataException.quote(field.text()) + " is not one of " + values(target));
                    }
                    y[rows] = c;
                }
            }
            if (p != end) {
                String extra = new String(b, p + 1, Math.max(0, end - p - 1), StandardCharsets.UTF_8).strip();
                if (extra.startsWith("{")) {
                    throw error("instance weights " + DataException.quote(extra) + " are not supported");
                }
                throw error("the row has more than " + n + " values (one per attribute)");
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataException(source + ": no data rows after @data");
        }
        SampleArray featureArray = SampleArray.of(x.length == rows * features ? x : Arrays.copyOf(x, rows * features),
                rows, Shape.of(features));
        if (!classes) {
            return Dataset.regression(name, featureArray, SampleArray.of(Arrays.copyOf(y, rows), rows, Shape.of(1)));
        }
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (int) y[i];
        }
        return Dataset.classification(name, featureArray, labels, target.values());
    }

    private static String names(List<Attribute> attributes) {
        String all = attributes.stream().map(a -> a.name()).collect(Collectors.joining(", "));
        return all.length() > 300 ? all.substring(0, 300) + "..." : all;
    }

    private static String values(Attribute nominal) {
        String all = String.join(",", nominal.values());
        return "{" + (all.length() > 200 ? all.substring(0, 200) + "..." : all) + "}";
    }

    private static String kindName(Kind kind) {
        return switch (kind) {
            case NOMINAL -> "nominal";
            case STRING -> "a string attribute";
            case DATE -> "a date attribute";
            case NUMERIC -> "numeric";
        };
    }

    /** One value of a data row: its bytes (quotes removed, escapes resolved when quoted). */
    private final class Field {
        private int start;
        private int end;
        private boolean quoted;
        private String unescaped;

        /** Reads the field starting at {@code p}; returns the position of the ',' after it or {@code lineEnd}. */
        int read(int p, int lineEnd) {
            p = skipSpace(p, lineEnd);
            unescaped = null;
            quoted = p < lineEnd && (b[p] == '\'' || b[p] == '"');
            if (quoted) {
                byte quote = b[p++];
                start = p;
                boolean escapes = false;
                while (p < lineEnd && b[p] != quote) {
                    if (b[p] == '\\') {
                        escapes = true;
                        p++;
                    }
                    p++;
                }
                if (p >= lineEnd) {
                    throw error("unterminated quote in a value");
                }
                end = p;
                if (escapes) {
                    StringBuilder s = new StringBuilder();
                    String raw = new String(b, start, end - start, StandardCharsets.UTF_8);
                    for (int i = 0; i < raw.length(); i++) {
                        char ch = raw.charAt(i);
                        s.append(ch == '\\' && i + 1 < raw.length() ? unescape(raw.charAt(++i)) : ch);
                    }
                    unescaped = s.toString();
                }
                p = skipSpace(p + 1, lineEnd);
                if (p < lineEnd && b[p] == '%') {
                    return lineEnd;
                }
                if (p < lineEnd && b[p] != ',') {
                    throw error("unexpected text after a quoted value: "
                            + DataException.quote(new String(b, p, lineEnd - p, StandardCharsets.UTF_8)));
                }
                return p;
            }
            start = p;
            while (p < lineEnd && b[p] != ',' && b[p] != '%') {
                p++;
            }
            int stop = p;
            while (stop > start && (b[stop - 1] == ' ' || b[stop - 1] == '\t')) {
                stop--;
            }
            end = stop;
            return p < lineEnd && b[p] == '%' ? lineEnd : p;
        }

        boolean missing() {
            return !quoted && end - start == 1 && b[start] == '?';
        }

        boolean isEmpty() {
            return end == start;
        }

        String text() {
            return unescaped != null ? unescaped : new String(b, start, end - start, StandardCharsets.UTF_8);
        }

        /** The value as a decimal number, or NaN when it is not one. */
        double number() {
            return unescaped != null ? Double.NaN : decimal(b, start, end);
        }
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22};

    /**
     * The decimal number in {@code b[s, e)} ({@code 3}, {@code -0.25}, {@code .5}, {@code 1e-3}, {@code +2.}),
     * correctly rounded; NaN when the bytes are anything else (words such as {@code NaN} or {@code inf} included).
     */
    static double decimal(byte[] b, int s, int e) {
        int i = s;
        boolean negative = false;
        if (i < e && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int significant = 0;
        int fraction = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            mantissa = mantissa * 10 + (b[i] - '0');
            if (mantissa != 0) {
                significant++;
            }
            digits++;
            i++;
            if (significant > 15) { // beyond the fast path; stop before the long could overflow
                break;
            }
        }
        if (i < e && b[i] == '.') {
            i++;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                if (significant > 15) {
                    break;
                }
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    significant++;
                }
                digits++;
                fraction++;
                i++;
            }
        }
        if (i == e && digits > 0 && significant <= 15 && fraction <= 22) {
            // Clinger's fast path: the mantissa and 10^fraction are exact doubles, so one division rounds correctly
            double v = (double) mantissa / POWERS_OF_TEN[fraction];
            return negative ? -v : v;
        }
        return slowDecimal(b, s, e);
    }

    private static double slowDecimal(byte[] b, int s, int e) {
        int i = s;
        if (i < e && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        int digits = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            digits++;
            i++;
        }
        if (i < e && b[i] == '.') {
            i++;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
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
                return Double.NaN;
            }
        }
        if (i != e) {
            return Double.NaN;
        }
        return Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
    }

    // ---- lines ----

    /** Advances past the current line; returns its end (before {@code \r\n}, {@code \n} or {@code \r}). */
    private int nextLine() {
        line++;
        int end = pos;
        while (end < b.length && b[end] != '\n' && b[end] != '\r') {
            end++;
        }
        pos = end < b.length && b[end] == '\r' && end + 1 < b.length && b[end + 1] == '\n' ? end + 2 : end + 1;
        return end;
    }

    private int skipSpace(int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    private DataException error(String message) {
        return new DataException(source + ": line " + line + ": " + message);
    }
}
