package io.hgq4j.quantizer.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of a parsed YAML configuration that knows its key path, so every error names the file and the key
 * ({@code jets.yaml: training.batch_size: expected an integer >= 1, got "many"}). Mappings are read key by key and
 * {@link #finish()} rejects the keys nobody read, so a misspelt key is an error rather than silently ignored.
 */
final class ConfigNode {

    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    boolean isMap() {
        return node.isObject();
    }

    boolean isList() {
        return node.isArray();
    }

    boolean isScalar() {
        return node.isValueNode();
    }

    boolean has(String key) {
        return node.isObject() && node.has(key) && !node.get(key).isNull();
    }

    /** The mapping under {@code key}, or an error. */
    ConfigNode map(String key) {
        ConfigNode child = required(key);
        if (!child.isMap()) {
            throw child.error("a mapping of keys");
        }
        return child;
    }

    /** The value under {@code key} (any kind), or an error when absent. */
    ConfigNode required(String key) {
        ConfigNode child = optional(key);
        if (child == null) {
            throw new ConfigException(source + ": " + join(key) + ": missing (required)");
        }
        return child;
    }

    /** The value under {@code key}, or null when absent. */
    ConfigNode optional(String key) {
        if (!node.isObject()) {
            throw error("a mapping of keys");
        }
        read.add(key);
        JsonNode child = node.get(key);
        return child == null || child.isNull() ? null : new ConfigNode(source, join(key), child);
    }

    /** The mapping under {@code key}, or an empty mapping when the key is absent or empty. */
    ConfigNode mapOrEmpty(String key) {
        ConfigNode child = optional(key);
        if (child == null) {
            return new ConfigNode(source, join(key), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!child.isMap()) {
            throw child.error("a mapping of keys ({} for none)");
        }
        return child;
    }

    /** The items of a list. */
    List<ConfigNode> items() {
        if (!node.isArray()) {
            throw error("a list");
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new ConfigNode(source, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** The single key of a one-key mapping (a layer: {@code - dense: {...}}). */
    String soleKey() {
        if (!node.isObject() || node.size() != 1) {
            throw error("a mapping with exactly one key (the layer kind)");
        }
        return node.fieldNames().next();
    }

    String text() {
        if (!node.isValueNode()) {
            throw error("a single value");
        }
        return node.asText();
    }

    String string(String key, String fallback) {
        ConfigNode c = optional(key);
        return c == null ? fallback : c.text();
    }

    double number() {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.asText().trim()); // YAML 1.1 reads "1e-6" (no dot) as a string
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw error("a number");
    }

    double number(String key, double fallback, double min, double max) {
        ConfigNode c = optional(key);
        if (c == null) {
            return fallback;
        }
        double v = c.number();
        if (!(v >= min && v <= max)) {
            throw c.error("a number in [" + fmt(min) + ", " + fmt(max) + "]");
        }
        return v;
    }

    long integer() {
        double v = number();
        if (v != Math.rint(v) || Math.abs(v) > 1L << 53) {
            throw error("a whole number");
        }
        return (long) v;
    }

    int integer(String key, int fallback, int min, int max) {
        ConfigNode c = optional(key);
        if (c == null) {
            return fallback;
        }
        long v = c.integer();
        if (v < min || v > max) {
            throw c.error("a whole number in [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    boolean bool(String key, boolean fallback) {
        ConfigNode c = optional(key);
        if (c == null) {
            return fallback;
        }
        if (!c.node.isBoolean()) {
            throw c.error("true or false");
        }
        return c.node.asBoolean();
    }

    /** A list of whole numbers, or a single number repeated {@code rank} times. */
    int[] ints(String key, int[] fallback, int rank, int min) {
        ConfigNode c = optional(key);
        if (c == null) {
            return fallback;
        }
        int[] values;
        if (c.isScalar()) {
            values = new int[rank];
            java.util.Arrays.fill(values, (int) c.integer());
        } else {
            List<ConfigNode> items = c.items();
            values = new int[items.size()];
            for (int i = 0; i < values.length; i++) {
                long v = items.get(i).integer();
                if (v < min || v > Integer.MAX_VALUE) {
                    throw items.get(i).error("a whole number >= " + min);
                }
                values[i] = (int) v;
            }
        }
        for (int v : values) {
            if (v < min) {
                throw c.error("whole numbers >= " + min);
            }
        }
        if (rank > 0 && values.length != rank) {
            throw c.error(rank + " values");
        }
        return values;
    }

    /** One of a fixed set of lower-case words. */
    <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
        ConfigNode c = optional(key);
        return c == null ? fallback : c.choice(type);
    }

    <E extends Enum<E>> E choice(Class<E> type) {
        String text = text().trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw error("one of " + String.join(", ", names));
    }

    /** Applies {@code parse}, reporting its IllegalArgumentException at this key. */
    <T> T parse(Function<String, T> parse, String expected) {
        try {
            return parse.apply(text());
        } catch (IllegalArgumentException e) {
            throw error(expected);
        }
    }

    /** Rejects every key of this mapping that was not read. */
    void finish() {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                throw new ConfigException(source + ": " + join(key) + ": unknown key (expected one of "
                        + String.join(", ", read) + ")");
            }
        }
    }

    /** An error at this key: "expected ..., got ...". */
    ConfigException error(String expected) {
        String got = node.isValueNode() ? "\"" + node.asText() + "\"" : node.isArray() ? "a list" : "a mapping";
        return new ConfigException(source + ": " + (path.isEmpty() ? "(top level)" : path) + ": expected " + expected
                + ", got " + got);
    }

    /** An error at this key with a free message. */
    ConfigException problem(String message) {
        return new ConfigException(source + ": " + (path.isEmpty() ? "(top level)" : path) + ": " + message);
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
