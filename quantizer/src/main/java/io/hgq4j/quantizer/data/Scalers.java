package io.hgq4j.quantizer.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.data.SampleArray;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the scalers share: the fitting checks and the JSON format. */
final class Scalers {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Scalers() {
    }

    /** A scaler is fitted on at least one sample of finite values. */
    static void checkFit(SampleArray x, String what, String scaler) {
        if (x.count() == 0) {
            throw new DataException("cannot fit " + scaler + " on " + what + ": there are no samples");
        }
        int n = x.sampleSize();
        for (int i = 0; i < x.count(); i++) {
            for (int j = 0; j < n; j++) {
                double v = x.value(i, j);
                if (!Double.isFinite(v)) {
                    throw new DataException("cannot fit " + scaler + " on " + what + ": sample " + i + ", feature " + j
                            + " is " + v + "; expected finite values");
                }
            }
        }
    }

    // ---- JSON ----

    static ObjectNode header(String type) {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", Scaler.FORMAT);
        json.put("formatVersion", Scaler.FORMAT_VERSION);
        json.put("type", type);
        return json;
    }

    static void putArray(ObjectNode json, String field, double[] values) {
        ArrayNode array = json.putArray(field);
        for (double v : values) {
            array.add(v);
        }
    }

    static String text(ObjectNode json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    static Scaler parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DataException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new DataException(source + ": expected a JSON object describing a scaler");
        }
        String format = root.path("format").asText("");
        if (!format.equals(Scaler.FORMAT)) {
            throw new DataException(source + ": field 'format' is " + quoted(root.get("format")) + ", expected \""
                    + Scaler.FORMAT + "\"");
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.isInt() || version.intValue() < 1) {
            throw new DataException(source + ": field 'formatVersion' is " + quoted(version) + ", expected "
                    + Scaler.FORMAT_VERSION);
        }
        if (version.intValue() > Scaler.FORMAT_VERSION) {
            throw new DataException(source + ": formatVersion " + version.intValue() + " is newer than this version of"
                    + " hgq4j reads (" + Scaler.FORMAT_VERSION + "); upgrade hgq4j");
        }
        String type = root.path("type").asText("");
        try {
            return switch (type) {
                case "standard" -> {
                    fields(root, source, "mean", "std");
                    double[] mean = array(root, "mean", source);
                    yield StandardScaler.of(mean, array(root, "std", source));
                }
                case "min-max" -> {
                    fields(root, source, "min", "max", "low", "high");
                    yield MinMaxScaler.of(array(root, "min", source), array(root, "max", source),
                            number(root, "low", source), number(root, "high", source));
                }
                case "fixed" -> {
                    fields(root, source, "factor");
                    yield FixedScale.of(number(root, "factor", source));
                }
                default -> throw new DataException(source + ": field 'type' is " + quoted(root.get("type"))
                        + ", expected \"standard\", \"min-max\" or \"fixed\"");
            };
        } catch (IllegalArgumentException e) {
            throw new DataException(source + ": " + e.getMessage(), e);
        }
    }

    /** Exactly the common fields and {@code expected}. */
    private static void fields(JsonNode root, String source, String... expected) {
        Set<String> allowed = new TreeSet<>(List.of("format", "formatVersion", "type"));
        allowed.addAll(List.of(expected));
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new DataException(source + ": unknown field " + DataException.quote(name) + "; a "
                        + root.path("type").asText() + " scaler has the fields " + String.join(", ", allowed));
            }
        }
        for (String name : expected) {
            if (!root.has(name)) {
                throw new DataException(source + ": missing field " + DataException.quote(name));
            }
        }
    }

    private static double[] array(JsonNode root, String field, String source) {
        JsonNode node = root.get(field);
        if (!node.isArray()) {
            throw new DataException(source + ": field '" + field + "' is " + quoted(node) + ", expected an array of"
                    + " numbers");
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = node.get(i);
            if (!element.isNumber()) {
                throw new DataException(source + ": field '" + field + "', element " + i + " is " + quoted(element)
                        + ", expected a number");
            }
            values[i] = element.doubleValue();
        }
        return values;
    }

    private static double number(JsonNode root, String field, String source) {
        JsonNode node = root.get(field);
        if (!node.isNumber()) {
            throw new DataException(source + ": field '" + field + "' is " + quoted(node) + ", expected a number");
        }
        return node.doubleValue();
    }

    private static String quoted(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        String s = node.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
