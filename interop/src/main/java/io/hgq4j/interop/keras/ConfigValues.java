package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/** Reads typed values from a layer's {@code config}, failing with a message that names the layer and the attribute. */
final class ConfigValues {

    private ConfigValues() {
    }

    /** Whether the attribute is absent or JSON null. */
    static boolean isMissing(KerasLayer layer, String key) {
        JsonNode node = layer.config().get(key);
        return node == null || node.isNull();
    }

    /** A string attribute, or {@code fallback} when it is absent or null. */
    static String string(KerasLayer layer, String key, String fallback) {
        JsonNode node = layer.config().get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw KerasProblem.at(layer, key + " must be a string, got " + node);
        }
        return node.asText();
    }

    /** A required string attribute. */
    static String requiredString(KerasLayer layer, String key) {
        String value = string(layer, key, null);
        if (value == null) {
            throw KerasProblem.at(layer, "missing " + key);
        }
        return value;
    }

    /** A boolean attribute, or {@code fallback} when it is absent or null. */
    static boolean bool(KerasLayer layer, String key, boolean fallback) {
        JsonNode node = layer.config().get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw KerasProblem.at(layer, key + " must be true or false, got " + node);
        }
        return node.asBoolean();
    }

    /** A number attribute, or {@code fallback} when it is absent or null. */
    static double number(KerasLayer layer, String key, double fallback) {
        JsonNode node = layer.config().get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw KerasProblem.at(layer, key + " must be a finite number, got " + node);
        }
        return node.asDouble();
    }

    /** A required positive integer attribute. */
    static int positiveInt(KerasLayer layer, String key) {
        JsonNode node = layer.config().get(key);
        if (node == null || node.isNull()) {
            throw KerasProblem.at(layer, "missing " + key);
        }
        return positive(layer, key, node);
    }

    /** An integer attribute (any sign), or {@code fallback} when it is absent or null. */
    static int integer(KerasLayer layer, String key, int fallback) {
        JsonNode node = layer.config().get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isArray() && node.size() == 1) {
            node = node.get(0);
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw KerasProblem.at(layer, key + " must be an integer, got " + node);
        }
        return node.asInt();
    }

    /**
     * {@code count} positive integers given as a list of that length or as one integer meaning the same value for
     * every axis (Keras accepts both), or null when the attribute is absent or null.
     */
    static int[] positiveInts(KerasLayer layer, String key, int count) {
        JsonNode node = layer.config().get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        int[] values = new int[count];
        if (node.isArray()) {
            if (node.size() != count) {
                throw KerasProblem.at(layer, key + " must have " + count + " value(s), got " + node);
            }
            for (int i = 0; i < count; i++) {
                values[i] = positive(layer, key, node.get(i));
            }
        } else {
            Arrays.fill(values, positive(layer, key, node));
        }
        return values;
    }

    /** {@link #positiveInts} for a required attribute. */
    static int[] requiredPositiveInts(KerasLayer layer, String key, int count) {
        int[] values = positiveInts(layer, key, count);
        if (values == null) {
            throw KerasProblem.at(layer, "missing " + key);
        }
        return values;
    }

    private static int positive(KerasLayer layer, String key, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw KerasProblem.at(layer, key + " must hold positive integers, got " + node);
        }
        return node.asInt();
    }
}
