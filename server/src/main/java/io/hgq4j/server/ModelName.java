package io.hgq4j.server;

import java.util.regex.Pattern;

/** Model names: what a URL path segment and a folder name may safely be (no traversal, no separators). */
public final class ModelName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private ModelName() {
    }

    /** Whether {@code name} is a valid model name: 1–64 of letters, digits, '_', '.', '-', not starting with '.'. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.contains("..");
    }
}
