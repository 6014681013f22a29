package io.hgq4j.model.ir;

import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * A model input and its quantizer: real-valued inputs are converted to {@link #type()} element by element, with
 * each element type's quantization and overflow modes.
 *
 * @param name the layer name
 * @param type the shape and the type of every element (at most 64 bits each)
 */
public record Input(String name, TensorType type) implements Layer {

    /** Validates the name and the element types. */
    public Input {
        LayerChecks.name(name);
        LayerChecks.require(type != null, name, "missing input type");
        LayerChecks.storedTypes(name, "input", type);
    }

    @Override
    public List<String> inputs() {
        return List.of();
    }

    @Override
    public String op() {
        return "input";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 0);
        return type;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitInput(this);
    }
}
