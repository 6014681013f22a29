package io.hgq4j.model.ir;

import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * A node of the firmware model: an immutable record of its parameters and exact constants, validated when built.
 * The output type of a layer is derived from its input types ({@link #outputType}), never stored, so a model cannot
 * hold an accumulator that overflows.
 */
public sealed interface Layer permits Input, Dense, Conv, Pool, Reshape, Relu, Add, Concatenate, TableLookup, Softmax,
        Quantize {

    /** The unique name of the layer within its model. */
    String name();

    /** The names of the layers whose outputs this layer reads, in order. */
    List<String> inputs();

    /** A short lower-case name of the operation, e.g. {@code dense}, {@code conv2d}, {@code max_pool2d}. */
    String op();

    /**
     * The type of this layer's output, given the types of its inputs.
     *
     * @throws InvalidModelException if the inputs do not fit this layer (wrong count, shape or type)
     */
    TensorType outputType(List<TensorType> inputTypes);

    /** Dispatches to the visitor method for this layer kind. */
    <R> R accept(LayerVisitor<R> visitor);
}
