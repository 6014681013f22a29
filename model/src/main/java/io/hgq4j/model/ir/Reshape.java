package io.hgq4j.model.ir;

import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * The same elements in the same row-major order under another shape (Keras Reshape and Flatten). Free in hardware.
 *
 * @param name  the layer name
 * @param input the layer read
 * @param shape the new shape, of the same size
 */
public record Reshape(String name, String input, Shape shape) implements Layer {

    /** Validates the name and the presence of a shape. */
    public Reshape {
        LayerChecks.name(name);
        LayerChecks.input(name, input);
        LayerChecks.require(shape != null, name, "missing target shape");
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String op() {
        return "reshape";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 1);
        TensorType in = inputTypes.get(0);
        LayerChecks.require(in.size() == shape.size(), name, "cannot reshape " + in.shape() + " (" + in.size()
                + " elements) from '" + input + "' to " + shape + " (" + shape.size() + " elements)");
        return in.reshape(shape);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitReshape(this);
    }
}
