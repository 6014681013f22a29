package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.ExactRange;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * max(x, 0), element-wise and exact. The output type of each element is the unsigned type that holds the
 * non-negative part of its input type (the sign bit goes; an element that can never be positive becomes zero-width).
 *
 * @param name  the layer name
 * @param input the layer read
 */
public record Relu(String name, String input) implements Layer {

    /** Validates the name. */
    public Relu {
        LayerChecks.name(name);
        LayerChecks.input(name, input);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String op() {
        return "relu";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 1);
        TensorType in = inputTypes.get(0);
        AccumulatorTypes types = new AccumulatorTypes(name);
        return TensorType.build(in.shape(), i -> types.typeOf(types.rangeOf(in, i).relu()));
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitRelu(this);
    }
}
