package io.hgq4j.interop.qkeras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One QKeras quantizer, already mapped to the fixed-point type that reproduces it exactly (see
 * {@link QKerasImporter} for the derivation). Parsed from the serialized form ({@code {"class_name":
 * "quantized_bits", "config": {...}}}) or the string form ({@code "quantized_relu(3,1)"}).
 *
 * @param className {@code quantized_bits} or {@code quantized_relu}
 * @param type      the type whose conversion (with its rounding and overflow modes) equals the quantizer
 */
record QuantizerSpec(String className, FixedType type) {

    static final String BITS = "quantized_bits";
    static final String RELU = "quantized_relu";

    /** Positional parameters of the string form, in QKeras's constructor order. */
    private static final Map<String, List<String>> POSITIONAL = Map.of(
            BITS, List.of("bits", "integer", "symmetric", "keep_negative", "alpha", "use_stochastic_rounding"),
            RELU, List.of("bits", "integer", "use_sigmoid", "negative_slope", "use_stochastic_rounding",
                    "relu_upper_bound"));

    /** Options without effect on inference (names, training-only gradient switches, auto-alpha settings). */
    private static final Set<String> IGNORED = Set.of("var_name", "use_ste", "use_variables", "scale_axis",
            "elements_per_scale", "min_po2_exponent", "max_po2_exponent", "post_training_scale", "name");

    private static final Pattern CALL = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*");

    /** Whether a JSON value (string or object) names a QKeras quantizer rather than a Keras activation. */
    static boolean isQuantizer(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isObject()) {
            return true;
        }
        return node.isTextual() && CALL.matcher(node.asText()).matches();
    }

    /**
     * Parses and checks one quantizer.
     *
     * @param where how messages name its place, e.g. {@code layer 'fc1' (QDense) kernel_quantizer}
     * @throws Problem naming {@code where} and the unsupported class or option
     */
    static QuantizerSpec parse(JsonNode node, String where) {
        String className;
        ObjectNode config;
        if (node.isTextual()) {
            Matcher m = CALL.matcher(node.asText());
            if (!m.matches()) {
                throw new Problem(where + ": '" + node.asText() + "' is not a quantizer call like quantized_bits(6,0)");
            }
            className = m.group(1);
            config = stringArguments(className, m.group(2), where);
        } else if (node.isObject()) {
            JsonNode cls = node.get("class_name");
            if (cls == null || !cls.isTextual()) {
                throw new Problem(where + ": quantizer without a class_name");
            }
            className = cls.asText();
            JsonNode c = node.get("config");
            config = c == null || c.isNull() ? JsonNodeFactory.instance.objectNode()
                    : c.isObject() ? (ObjectNode) c : null;
            if (config == null) {
                throw new Problem(where + ": quantizer config is not an object");
            }
        } else {
            throw new Problem(where + ": expected a quantizer, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return switch (className) {
            case BITS -> bits(config, where);
            case RELU -> relu(config, where);
            default -> throw new Problem(where + ": quantizer " + className + " is not supported (supported: "
                    + BITS + ", " + RELU + "; power-of-two, binary, ternary, tanh and sigmoid quantizers have no "
                    + "exact fixed-point equivalent here)");
        };
    }

    private static QuantizerSpec bits(ObjectNode c, String where) {
        String q = where + ": " + BITS;
        checkKeys(c, q, Set.of("bits", "integer", "symmetric", "keep_negative", "alpha", "use_stochastic_rounding",
                "qnoise_factor"));
        int bits = intOption(c, "bits", 8, q);
        int integer = intOption(c, "integer", 0, q);
        boolean symmetric = boolOption(c, "symmetric", false, q);
        boolean keepNegative = boolOption(c, "keep_negative", true, q);
        checkAlpha(c.get("alpha"), q);
        checkCommon(c, q);
        if (bits < 2 || bits > FixedType.MAX_VALUE_WIDTH) {
            throw new Problem(q + ": bits=" + bits + " is not supported (2.." + FixedType.MAX_VALUE_WIDTH
                    + "; QKeras treats 1 bit as a binary quantizer)");
        }
        Overflow overflow = symmetric && keepNegative ? Overflow.SAT_SYM : Overflow.SAT;
        FixedType type = new FixedType(bits, integer + (keepNegative ? 1 : 0), keepNegative, Quantization.RND_CONV,
                overflow);
        return new QuantizerSpec(BITS, type);
    }

    private static QuantizerSpec relu(ObjectNode c, String where) {
        String q = where + ": " + RELU;
        checkKeys(c, q, Set.of("bits", "integer", "use_sigmoid", "negative_slope", "use_stochastic_rounding",
                "relu_upper_bound", "qnoise_factor", "is_quantized_clip"));
        int bits = intOption(c, "bits", 8, q);
        int integer = intOption(c, "integer", 0, q);
        if (boolOption(c, "use_sigmoid", false, q)) {
            throw new Problem(q + ": option use_sigmoid is not supported (a sigmoid has no exact fixed-point form)");
        }
        JsonNode slope = c.get("negative_slope");
        if (slope != null && !slope.isNull() && (!slope.isNumber() || slope.asDouble() != 0.0)) {
            throw new Problem(q + ": option negative_slope=" + slope + " is not supported (only 0, a plain ReLU)");
        }
        JsonNode upper = c.get("relu_upper_bound");
        if (upper != null && !upper.isNull()) {
            throw new Problem(q + ": option relu_upper_bound=" + upper + " is not supported");
        }
        if (!boolOption(c, "is_quantized_clip", true, q)) {
            throw new Problem(q + ": option is_quantized_clip=False is not supported");
        }
        checkCommon(c, q);
        if (bits < 1 || bits > FixedType.MAX_VALUE_WIDTH) {
            throw new Problem(q + ": bits=" + bits + " is not supported (1.." + FixedType.MAX_VALUE_WIDTH + ")");
        }
        return new QuantizerSpec(RELU, new FixedType(bits, integer, false, Quantization.RND_CONV, Overflow.SAT));
    }

    private static void checkCommon(ObjectNode c, String q) {
        if (boolOption(c, "use_stochastic_rounding", false, q)) {
            throw new Problem(q + ": option use_stochastic_rounding=True is not supported (not deterministic)");
        }
        JsonNode noise = c.get("qnoise_factor");
        if (noise != null && !noise.isNull() && (!noise.isNumber() || noise.asDouble() != 1.0)) {
            throw new Problem(q + ": option qnoise_factor=" + noise + " is not supported (only 1.0: fully quantized)");
        }
    }

    private static void checkAlpha(JsonNode alpha, String q) {
        if (alpha == null || alpha.isNull()) {
            return;
        }
        if (alpha.isNumber() && alpha.asDouble() == 1.0) {
            return;
        }
        String text = alpha.isTextual() ? "\"" + alpha.asText() + "\"" : alpha.toString();
        throw new Problem(q + ": option alpha=" + text + " is not supported (only alpha=1 or None; a data-dependent "
                + "or non-unit scale is not a fixed-point type)");
    }

    private static void checkKeys(ObjectNode c, String q, Set<String> known) {
        c.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key) && !IGNORED.contains(key)) {
                throw new Problem(q + ": option " + key + " is not supported");
            }
        });
    }

    private static int intOption(ObjectNode c, String key, int fallback, String q) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) <= 4096) {
            return (int) v.asDouble();
        }
        throw new Problem(q + ": option " + key + "=" + v + " is not a whole number");
    }

    private static boolean boolOption(ObjectNode c, String key, boolean fallback, String q) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber() && (v.asDouble() == 0 || v.asDouble() == 1)) {
            return v.asDouble() == 1;
        }
        throw new Problem(q + ": option " + key + "=" + v + " is not a boolean");
    }

    /** {@code 6, 0, alpha=1} → a config object, positional arguments named in constructor order. */
    private static ObjectNode stringArguments(String className, String arguments, String where) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        if (arguments.isBlank()) {
            return config;
        }
        List<String> names = POSITIONAL.getOrDefault(className, List.of());
        String[] parts = arguments.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            String key;
            String value;
            int eq = part.indexOf('=');
            if (eq >= 0) {
                key = part.substring(0, eq).strip();
                value = part.substring(eq + 1).strip();
            } else if (i < names.size()) {
                key = names.get(i);
                value = part;
            } else {
                throw new Problem(where + ": too many arguments in " + className + "(" + arguments + ")");
            }
            config.set(key, literal(value, where));
        }
        return config;
    }

    private static JsonNode literal(String value, String where) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (value) {
            case "True", "true":
                return f.booleanNode(true);
            case "False", "false":
                return f.booleanNode(false);
            case "None":
                return f.nullNode();
            default:
                break;
        }
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return f.textNode(value.substring(1, value.length() - 1));
        }
        try {
            return f.numberNode(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new Problem(where + ": cannot read argument '" + value + "'");
        }
    }

    /** A problem without the file name; the importer adds it. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }

        Problem(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
