package io.hgq4j.interop.keras;

import java.util.HashSet;
import java.util.Set;

/**
 * Unique, valid firmware-model names for Keras names. The IR allows {@code [A-Za-z0-9_][A-Za-z0-9_.-]*} of up to 128
 * characters, not ending with '.'; every other character becomes '_', and a name already taken gets a suffix
 * {@code _2}, {@code _3}, ...
 */
final class NameTable {

    static final int MAX_LENGTH = 128;

    private final Set<String> used = new HashSet<>();

    /** A valid name close to {@code raw}, ignoring uniqueness. */
    static String sanitize(String raw) {
        String s = raw == null ? "" : raw.replaceAll("[^A-Za-z0-9_.\\-]", "_");
        if (s.isEmpty()) {
            s = "_";
        }
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH);
        }
        if (s.charAt(0) == '.' || s.charAt(0) == '-') {
            s = "_" + s.substring(1);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1) + "_";
        }
        return s;
    }

    /** A valid name close to {@code raw} that no earlier call returned. */
    String claim(String raw) {
        String base = sanitize(raw);
        String name = base;
        for (int n = 2; !used.add(name); n++) {
            String suffix = "_" + n;
            name = sanitize(base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length()))) + suffix;
        }
        return name;
    }
}
