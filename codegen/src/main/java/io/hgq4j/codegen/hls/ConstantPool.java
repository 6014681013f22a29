package io.hgq4j.codegen.hls;

import io.hgq4j.model.fixed.FixedValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The constants of a project, each declared once with its own exact type ({@code static const ap_fixed<4,1> k3 =
 * ap_fixed<4,1>(-0.375);}) and referred to by name. Quantized weights repeat a few hundred distinct values, so this
 * keeps a million-weight model's source small and its C simulation fast to compile; the HLS tools fold the constants
 * into the logic either way.
 */
final class ConstantPool {

    private final Map<FixedValue, String> names = new LinkedHashMap<>();
    private final StringBuilder declarations = new StringBuilder();

    /**
     * The name of {@code v} ({@code 0} for zero), declared on first use.
     *
     * @param where names the constant in an error message if it cannot be written exactly
     */
    String of(FixedValue v, String where) {
        if (v.isZero()) {
            return "0";
        }
        String known = names.get(v);
        if (known != null) {
            return known;
        }
        String literal = CppTypes.constant(v, where);
        String name = "k" + names.size();
        names.put(v, name);
        declarations.append("static const ").append(CppTypes.spell(v.type())).append(' ').append(name).append(" = ")
                .append(literal).append(";\n");
        return name;
    }

    /** The declarations, one line per constant. */
    String declarations() {
        return declarations.toString();
    }

    /** The number of distinct constants. */
    int size() {
        return names.size();
    }
}
