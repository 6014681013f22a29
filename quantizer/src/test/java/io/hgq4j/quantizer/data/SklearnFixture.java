package io.hgq4j.quantizer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sklearn_split.txt}: NumPy's legacy RandomState outputs and permutations, scikit-learn's train_test_split
 * rule and Keras' validation_split applied by hand in Python ({@code make_sklearn_split.py} next to it).
 */
final class SklearnFixture {

    private static final Map<String, String> LINES = read();

    private SklearnFixture() {
    }

    private static Map<String, String> read() {
        try (InputStream in = SklearnFixture.class.getResourceAsStream("sklearn_split.txt")) {
            Map<String, String> lines = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                lines.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys, e.g. {@code permutation 42 1000}, in file order. */
    static Iterable<String> keys() {
        return LINES.keySet();
    }

    /** The value of a line as text. */
    static String text(String key) {
        String value = LINES.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no line '" + key + "' in sklearn_split.txt");
        }
        return value;
    }

    /** The value of a line as whole numbers (none for an empty value). */
    static long[] numbers(String key) {
        String value = text(key);
        return value.isEmpty() ? new long[0] : Arrays.stream(value.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    static int[] ints(String key) {
        return Arrays.stream(numbers(key)).mapToInt(Math::toIntExact).toArray();
    }

    /** SHA-256 of the values as little-endian int32, as the script hashes a NumPy int32 array. */
    static String sha256(int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
