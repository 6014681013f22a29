package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;
import java.util.regex.Pattern;

/** Validation shared by the layer records; every failure names the layer. */
final class LayerChecks {

    /**
     * Layer names double as file-entry names in a .hgq file, so they are kept path-safe: no separators, no leading
     * '.' or '-', no trailing '.' (which some file systems drop).
     */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.\\-]{0,126}[A-Za-z0-9_\\-])?");

    private LayerChecks() {
    }

    static void name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidModelException("layer name '" + name + "' is not valid: expected 1-128 characters of "
                    + "letters, digits, '_', '.' or '-', not starting with '.' or '-' and not ending with '.'");
        }
    }

    static void input(String layer, String input) {
        if (input == null || input.isEmpty()) {
            throw new InvalidModelException("layer '" + layer + "': missing input layer name");
        }
    }

    static void require(boolean condition, String layer, String message) {
        if (!condition) {
            throw new InvalidModelException("layer '" + layer + "': " + message);
        }
    }

    static void inputCount(String layer, List<TensorType> inputTypes, int expected) {
        require(inputTypes.size() == expected, layer, "expects " + expected + " input(s), got " + inputTypes.size());
    }

    /** A constant (weights, bias, table) whose every element is a stored value of at most 64 bits. */
    static void constant(String layer, String what, FixedTensor tensor) {
        require(tensor != null, layer, "missing " + what);
        for (FixedType t : tensor.type().palette()) {
            storedType(layer, what, t);
        }
    }

    /** Stored values (inputs, weights, quantizer outputs) are at most 64 bits wide. */
    static void storedType(String layer, String what, FixedType t) {
        require(t.width() <= FixedType.MAX_VALUE_WIDTH, layer, what + " has type " + t + "; stored values may be at most "
                + FixedType.MAX_VALUE_WIDTH + " bits wide");
    }

    static void storedTypes(String layer, String what, TensorType type) {
        for (FixedType t : type.palette()) {
            storedType(layer, what, t);
        }
    }
}
