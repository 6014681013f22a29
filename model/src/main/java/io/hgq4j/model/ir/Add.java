package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.ExactRange;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * The exact element-wise sum of two or more tensors of one shape (Keras Add). The output type of each element holds
 * every possible sum.
 *
 * @param name   the layer name
 * @param inputs the layers read, at least two
 */
public record Add(String name, List<String> inputs) implements Layer {

    /** Validates the name and the input list. */
    public Add {
        LayerChecks.name(name);
        LayerChecks.require(inputs != null && inputs.size() >= 2, name, "an addition needs at least two inputs");
        inputs = List.copyOf(inputs);
        inputs.forEach(i -> LayerChecks.input(name, i));
    }

    @Override
    public String op() {
        return "add";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, inputs.size());
        TensorType first = inputTypes.get(0);
        for (int k = 1; k < inputTypes.size(); k++) {
            LayerChecks.require(inputTypes.get(k).shape().equals(first.shape()), name, "input '" + inputs.get(k)
                    + "' has shape " + inputTypes.get(k).shape() + ", but '" + inputs.get(0) + "' has " + first.shape());
        }
        AccumulatorTypes types = new AccumulatorTypes(name);
        return TensorType.build(first.shape(), i -> {
            ExactRange sum = ExactRange.ZERO;
            for (TensorType t : inputTypes) {
                sum = sum.plus(types.rangeOf(t, i));
            }
            return types.typeOf(sum);
        });
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitAdd(this);
    }
}
