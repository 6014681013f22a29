package io.hgq4j.boards;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A node of a parsed board file that knows its path, so every error names the file and the field
 * ({@code myboard.yaml: boards[0].resources.lut: expected a non-negative integer, got "many"}). Mappings are read
 * field by field and {@link #finish()} rejects the fields nobody read, so a misspelt field is an error rather than
 * silently ignored.
 */
final class BoardNode {

    private static final int MAX_SHOWN = 40;

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    BoardNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    boolean isMap() {
        return node.isObject();
    }

    boolean isList() {
        return node.isArray();
    }

    /** Whether this mapping has a non-null {@code key}. */
    boolean has(String key) {
        return node.isObject() && node.hasNonNull(key);
    }

    /** Fails unless this node is a mapping. */
    BoardNode requireMap(String expected) {
        if (!node.isObject()) {
            throw error(expected);
        }
        return this;
    }

    /** The value under {@code key}, or null when absent (or null). */
    BoardNode optional(String key) {
        requireMap("a mapping of fields");
        read.add(key);
        JsonNode child = node.get(key);
        return child == null || child.isNull() ? null : new BoardNode(file, join(key), child);
    }

    /** The value under {@code key}, or an error when absent. */
    BoardNode required(String key) {
        BoardNode child = optional(key);
        if (child == null) {
            throw missing(key, "required");
        }
        return child;
    }

    /** An error for the absent field {@code key}, saying why it is needed. */
    BoardFileException missing(String key, String why) {
        return new BoardFileException(file + ": " + join(key) + ": missing (" + why + ")");
    }

    /** The items of a list, each with its index in its path. */
    List<BoardNode> items(String expected) {
        if (!node.isArray()) {
            throw error(expected);
        }
        List<BoardNode> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new BoardNode(file, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** A text value; numbers are not silently taken for text. */
    String text() {
        if (!node.isTextual()) {
            throw error("a text value");
        }
        return node.asText();
    }

    /** A number, possibly with a fraction. */
    double number(String expected) {
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw error(expected);
        }
        return node.asDouble();
    }

    /** A whole number in [min, Long.MAX_VALUE]; a whole number written with a fraction ({@code 280.0}) is accepted. */
    long integer(long min, String expected) {
        if (!node.isNumber()) {
            throw error(expected);
        }
        BigDecimal v = node.decimalValue();
        if (v.signum() != 0 && v.stripTrailingZeros().scale() > 0
                || v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw error(expected);
        }
        return v.longValue();
    }

    /** One of an enum's constants, written in lower case with dashes ({@code zynq-ultrascale-plus}). */
    <E extends Enum<E>> E choice(Class<E> type) {
        List<String> words = new ArrayList<>();
        String text = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT).replace('_', '-') : null;
        for (E e : type.getEnumConstants()) {
            String word = word(e);
            if (word.equals(text)) {
                return e;
            }
            words.add(word);
        }
        throw error("one of " + String.join(", ", words));
    }

    /** The word a board file uses for an enum constant. */
    static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Rejects every field of this mapping that was not read. */
    void finish() {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                throw new BoardFileException(file + ": " + join(shown(key)) + ": unknown field (expected one of "
                        + String.join(", ", read) + ")");
            }
        }
    }

    /** An error at this node: "expected ..., got ...". */
    BoardFileException error(String expected) {
        return problem("expected " + expected + ", got " + got());
    }

    /** An error at this node with a free message. */
    BoardFileException problem(String message) {
        return new BoardFileException(file + ": " + (path.isEmpty() ? "(top level)" : path) + ": " + message);
    }

    private String got() {
        if (node.isTextual()) {
            return "\"" + shown(node.asText()) + "\"";
        }
        if (node.isValueNode()) {
            return shown(node.asText());
        }
        return node.isArray() ? "a list" : "a mapping";
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * A value as it can be quoted in a one-line message: control characters escaped (a damaged file can hold any
     * byte), and long values cut.
     */
    static String shown(String value) {
        return shown(value, MAX_SHOWN);
    }

    /** {@link #shown(String)} with room for {@code max} characters (a parser's message rather than a value). */
    static String shown(String value, int max) {
        StringBuilder s = new StringBuilder();
        value.codePoints().limit(max).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                s.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > max ? s + "..." : s.toString();
    }
}
