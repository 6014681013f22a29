package io.hgq4j.model.ir;

import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * Joins tensors along one axis (Keras Concatenate); every element keeps its value and type. Free in hardware.
 *
 * @param name   the layer name
 * @param inputs the layers read, at least two
 * @param axis   the axis joined along (0-based, of the sample shape; no batch axis)
 */
public record Concatenate(String name, List<String> inputs, int axis) implements Layer {

    /** Validates the name, the input list and the axis. */
    public Concatenate {
        LayerChecks.name(name);
        LayerChecks.require(inputs != null && inputs.size() >= 2, name, "a concatenation needs at least two inputs");
        inputs = List.copyOf(inputs);
        inputs.forEach(i -> LayerChecks.input(name, i));
        LayerChecks.require(axis >= 0, name, "axis must be 0 or more, got " + axis);
    }

    @Override
    public String op() {
        return "concatenate";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, inputs.size());
        Shape first = inputTypes.get(0).shape();
        LayerChecks.require(axis < first.rank(), name, "axis " + axis + " is outside the rank " + first.rank() + " of '"
                + inputs.get(0) + "'");
        int[] dims = first.dims();
        dims[axis] = 0;
        for (int k = 0; k < inputTypes.size(); k++) {
            Shape s = inputTypes.get(k).shape();
            boolean fits = s.rank() == first.rank();
            for (int a = 0; fits && a < s.rank(); a++) {
                fits = a == axis || s.dim(a) == first.dim(a);
            }
            LayerChecks.require(fits, name, "input '" + inputs.get(k) + "' has shape " + s
                    + ", which differs from " + first + " outside axis " + axis);
            dims[axis] += s.dim(axis);
        }
        List<Shape> shapes = inputTypes.stream().map(TensorType::shape).toList();
        return TensorType.build(Shape.of(dims), flat -> {
            int[] from = source(shapes, flat);
            return inputTypes.get(from[0]).typeAt(from[1]);
        });
    }

    /** Which input and which of its elements output element {@code flat} comes from: {input, element}. */
    public int[] source(List<Shape> inputShapes, int flat) {
        Shape first = inputShapes.get(0);
        int inner = 1;
        for (int a = axis + 1; a < first.rank(); a++) {
            inner *= first.dim(a);
        }
        int total = inputShapes.stream().mapToInt(s -> s.dim(axis)).sum();
        int outer = flat / (total * inner);
        int along = (flat / inner) % total;
        int within = flat % inner;
        for (int k = 0; k < inputShapes.size(); k++) {
            int extent = inputShapes.get(k).dim(axis);
            if (along < extent) {
                return new int[] {k, (outer * extent + along) * inner + within};
            }
            along -= extent;
        }
        throw new IllegalStateException("element " + flat + " outside the concatenation");
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitConcatenate(this);
    }
}
