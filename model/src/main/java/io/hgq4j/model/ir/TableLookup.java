package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.tensor.FixedTensor;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An element-wise function stored as a table over every input code (tanh, sigmoid or any unary function): the
 * output is {@code table[code mod 2^W]}, where W is the width of the input type, so entry k holds f of the value
 * whose W-bit pattern is k (for a signed input, the upper half of the table holds the negative codes). The table
 * itself is part of the model, so every backend uses the same numbers and nobody re-evaluates the function.
 *
 * @param name     the layer name
 * @param input    the layer read; its elements must share one type of at most {@value #MAX_INPUT_WIDTH} bits
 * @param function what the table computes, for people and reports (e.g. {@code tanh}); not interpreted
 * @param table    2^W entries sharing one type, which is the output type
 */
public record TableLookup(String name, String input, String function, FixedTensor table) implements Layer {

    /** The widest input a table may be indexed by (a table of 65,536 entries). */
    public static final int MAX_INPUT_WIDTH = 16;

    private static final Pattern FUNCTION = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** Validates the name, the function label and the table. */
    public TableLookup {
        LayerChecks.name(name);
        LayerChecks.input(name, input);
        LayerChecks.require(function != null && FUNCTION.matcher(function).matches(), name,
                "function label '" + function + "' must be 1-32 lower-case letters, digits or '_'");
        LayerChecks.constant(name, "table", table);
        LayerChecks.require(table.shape().rank() == 1 && Integer.bitCount(table.size()) == 1, name,
                "the table must be 1-D with a power-of-two number of entries, got shape " + table.shape());
        LayerChecks.require(table.type().isUniform(), name, "table entries must share one type, found "
                + table.type().palette().size());
    }

    /** The width of the input codes the table is indexed by. */
    public int inputWidth() {
        return Integer.numberOfTrailingZeros(table.size());
    }

    /** The table entry for {@code code}, a code of the input type. */
    public int entryIndex(BigInteger code) {
        return code.and(BigInteger.valueOf(table.size() - 1L)).intValueExact();
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String op() {
        return "table";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 1);
        TensorType in = inputTypes.get(0);
        LayerChecks.require(in.isUniform(), name, "input '" + input + "' has " + in.palette().size()
                + " element types; a table needs one shared input type (add a Quantize before it)");
        FixedType inType = in.uniformType();
        LayerChecks.require(inType.width() <= MAX_INPUT_WIDTH, name, "input type " + inType + " is wider than the "
                + MAX_INPUT_WIDTH + " bits a table may be indexed by");
        LayerChecks.require(inType.width() == inputWidth(), name, "input type " + inType + " has " + inType.width()
                + " bits, so the table needs " + (1L << inType.width()) + " entries, not " + table.size());
        return TensorType.uniform(in.shape(), table.type().uniformType());
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitTableLookup(this);
    }
}
