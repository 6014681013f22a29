package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.hgq4j.model.ir.Padding;

/** Attributes shared by convolution and pooling layers: channels_last, padding, all-ones attributes. */
final class SpatialConfig {

    private SpatialConfig() {
    }

    /** Fails unless data_format is channels_last (or absent, Keras's default). */
    static void requireChannelsLast(KerasLayer layer) {
        String format = ConfigValues.string(layer, "data_format", "channels_last");
        if (!"channels_last".equals(format)) {
            throw KerasProblem.at(layer, "data_format '" + format + "' is not supported; only channels_last");
        }
    }

    /** The padding attribute: valid (default) or same. */
    static Padding padding(KerasLayer layer) {
        String padding = ConfigValues.string(layer, "padding", "valid");
        try {
            return Padding.parse(padding);
        } catch (IllegalArgumentException e) {
            throw KerasProblem.at(layer, "padding '" + padding + "' is not supported; only valid or same");
        }
    }

    /** Fails unless every value of the attribute (int or list; absent means 1) is 1. */
    static void requireOnes(KerasLayer layer, String key) {
        JsonNode node = layer.config().get(key);
        if (node == null || node.isNull()) {
            return;
        }
        boolean ones = node.isArray() ? allOnes(node) : node.isIntegralNumber() && node.asLong() == 1;
        if (!ones) {
            throw KerasProblem.at(layer, key + " " + node + " is not supported; only 1");
        }
    }

    private static boolean allOnes(JsonNode list) {
        for (JsonNode v : list) {
            if (!v.isIntegralNumber() || v.asLong() != 1) {
                return false;
            }
        }
        return true;
    }
}
