package io.hgq4j.codegen.hls;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** C++ identifiers for layer names: letters, digits and '_', unique, never a keyword or a reserved name. */
final class CppNames {

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    /** Reserves identifiers the generated code uses for itself. */
    CppNames(String... reserved) {
        used.addAll(Set.of(reserved));
    }

    /** The identifier of layer {@code layer} (the same for every call). */
    String of(String layer) {
        return names.computeIfAbsent(layer, l -> {
            String base = "l_" + l.replaceAll("[^A-Za-z0-9_]", "_");
            String name = base;
            for (int k = 2; !used.add(name); k++) {
                name = base + "_" + k;
            }
            return name;
        });
    }
}
