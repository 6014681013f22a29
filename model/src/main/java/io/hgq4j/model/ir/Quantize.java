package io.hgq4j.model.ir;

import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * Converts every element to its own target type, with that type's quantization and overflow modes (HGQ's
 * {@code FixedPointQuantizer}); a zero-width target element is the constant zero. This is the only layer that
 * rounds or overflows.
 *
 * @param name   the layer name
 * @param input  the layer read
 * @param target the shape (equal to the input's) and the target type of every element (at most 64 bits each)
 */
public record Quantize(String name, String input, TensorType target) implements Layer {

    /** Validates the name and the target types. */
    public Quantize {
        LayerChecks.name(name);
        LayerChecks.input(name, input);
        LayerChecks.require(target != null, name, "missing target type");
        LayerChecks.storedTypes(name, "target", target);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String op() {
        return "quantize";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 1);
        LayerChecks.require(inputTypes.get(0).shape().equals(target.shape()), name, "target shape " + target.shape()
                + " differs from the shape " + inputTypes.get(0).shape() + " of input '" + input + "'");
        return target;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitQuantize(this);
    }
}
