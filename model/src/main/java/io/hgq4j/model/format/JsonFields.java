package io.hgq4j.model.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to one JSON object of the manifest, remembering where it sits ({@code layers[2]}) so that every
 * complaint names the field and what was expected.
 */
final class JsonFields {

    private final JsonNode node;
    private final String path;

    JsonFields(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new FormatProblem(path + ": expected a JSON object, found " + describe(node));
        }
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    /** The same object, its path followed by {@code (label)} (e.g. the layer name). */
    JsonFields labelled(String label) {
        return new JsonFields(node, path + " (" + label + ")");
    }

    /** Fails on any field outside {@code allowed} (a misspelt field must not be silently ignored). */
    void allowOnly(String... allowed) {
        Set<String> known = Set.of(allowed);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new FormatProblem(path + ": unknown field '" + name + "'; expected " + new TreeSet<>(known));
            }
        }
    }

    boolean has(String key) {
        return node.has(key);
    }

    String string(String key) {
        JsonNode v = required(key);
        if (!v.isTextual()) {
            throw problem(key, "a string", v);
        }
        return v.asText();
    }

    int integer(String key) {
        JsonNode v = required(key);
        if (!v.isInt()) {
            throw problem(key, "an integer", v);
        }
        return v.intValue();
    }

    int[] integers(String key) {
        JsonNode v = required(key);
        if (!v.isArray()) {
            throw problem(key, "an array of integers", v);
        }
        int[] values = new int[v.size()];
        for (int i = 0; i < values.length; i++) {
            if (!v.get(i).isInt()) {
                throw problem(key + "[" + i + "]", "an integer", v.get(i));
            }
            values[i] = v.get(i).intValue();
        }
        return values;
    }

    List<String> strings(String key) {
        JsonNode v = required(key);
        if (!v.isArray()) {
            throw problem(key, "an array of strings", v);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw problem(key + "[" + i + "]", "a string", v.get(i));
            }
            values.add(v.get(i).asText());
        }
        return values;
    }

    JsonFields object(String key) {
        return new JsonFields(required(key), path + "." + key);
    }

    /** The elements of array {@code key}, each an object. */
    List<JsonFields> objects(String key) {
        JsonNode v = required(key);
        if (!v.isArray()) {
            throw problem(key, "an array of objects", v);
        }
        List<JsonFields> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            items.add(new JsonFields(v.get(i), path + "." + key + "[" + i + "]"));
        }
        return items;
    }

    /** The fields of object {@code key} in file order, as (name, value) pairs. */
    Set<Map.Entry<String, JsonNode>> entries(String key) {
        JsonNode v = required(key);
        if (!v.isObject()) {
            throw problem(key, "an object", v);
        }
        return v.properties();
    }

    FormatProblem problem(String key, String expected, JsonNode found) {
        return new FormatProblem(path + "." + key + ": expected " + expected + ", found " + describe(found));
    }

    private JsonNode required(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new FormatProblem(path + ": missing field '" + key + "'");
        }
        return v;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    static String list(int[] values) {
        return Arrays.toString(values);
    }
}
