package io.hgq4j.interop.qkeras;

import io.hgq4j.model.fixed.FixedType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed-point types the user gives to layers that carry no QKeras quantizer (plain {@code Dense}/{@code Conv},
 * the model input, a {@code QDense} without {@code kernel_quantizer}): one optional default type plus per-layer
 * types keyed by the Keras layer name. A per-layer type wins over the default.
 *
 * <p>The text form is a small YAML subset, one {@code key: type} per line, {@code #} starts a comment:
 * <pre>
 * default: fixed&lt;16,6,RND_CONV,SAT&gt;
 * layers:
 *   fc1_input: fixed&lt;16,6,RND_CONV,SAT&gt;
 *   fc1: fixed&lt;18,8&gt;
 * </pre>
 * Entries under {@code layers:} are indented; un-indented entries other than {@code default} are layer names too.
 * Types use {@link FixedType#parse(String)} notation, including the rounding and overflow modes, which are applied
 * when a value is converted into the type (the defaults are TRN and WRAP, as in {@code ap_fixed}).
 */
public final class Precision {

    private static final Precision NONE = new Precision(null, Map.of());

    private final FixedType defaultType;
    private final Map<String, FixedType> layers;

    private Precision(FixedType defaultType, Map<String, FixedType> layers) {
        this.defaultType = defaultType;
        this.layers = Map.copyOf(layers);
    }

    /** No user precision: every layer must carry its own quantizer. */
    public static Precision none() {
        return NONE;
    }

    /** One type for every layer without a quantizer. */
    public static Precision of(FixedType defaultType) {
        if (defaultType == null) {
            throw new IllegalArgumentException("missing default type");
        }
        return new Precision(defaultType, Map.of());
    }

    /** A default type (may be null) and per-layer types. */
    public static Precision of(FixedType defaultType, Map<String, FixedType> layers) {
        return new Precision(defaultType, new LinkedHashMap<>(layers));
    }

    /**
     * A single type ({@code fixed<16,6>}) or the YAML text described in the class comment.
     *
     * @throws IllegalArgumentException naming the line that does not parse
     */
    public static Precision parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.contains(":") && !trimmed.isEmpty()) {
            return of(parseType(trimmed, 1));
        }
        FixedType defaultType = null;
        Map<String, FixedType> layers = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("precision line " + (n + 1) + ": expected 'name: fixed<W,I>', got '"
                        + line.strip() + "'");
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            String key = unquote(line.substring(0, colon).strip());
            String value = unquote(line.substring(colon + 1).strip());
            if (!indented && key.equals("layers") && value.isEmpty()) {
                continue;
            }
            if (key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("precision line " + (n + 1) + ": expected 'name: fixed<W,I>', got '"
                        + line.strip() + "'");
            }
            FixedType type = parseType(value, n + 1);
            if (!indented && key.equals("default")) {
                defaultType = type;
            } else if (layers.put(key, type) != null) {
                throw new IllegalArgumentException("precision line " + (n + 1) + ": layer '" + key + "' given twice");
            }
        }
        return new Precision(defaultType, layers);
    }

    /**
     * {@link #parse(String)} of a UTF-8 file.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and the line that does not parse
     */
    public static Precision read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The type for the Keras layer {@code layerName}: its own entry, else the default, else empty. */
    public Optional<FixedType> forLayer(String layerName) {
        FixedType type = layers.get(layerName);
        return Optional.ofNullable(type != null ? type : defaultType);
    }

    /** The default type, if any. */
    public Optional<FixedType> defaultType() {
        return Optional.ofNullable(defaultType);
    }

    /** The per-layer entries. */
    public Map<String, FixedType> layers() {
        return layers;
    }

    private static FixedType parseType(String text, int line) {
        try {
            FixedType type = FixedType.parse(text);
            if (type.isZero()) {
                throw new IllegalArgumentException("a zero-width type holds no values");
            }
            return type;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision line " + line + ": " + e.getMessage(), e);
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    @Override
    public String toString() {
        return "Precision[default=" + defaultType + ", layers=" + layers + "]";
    }
}
