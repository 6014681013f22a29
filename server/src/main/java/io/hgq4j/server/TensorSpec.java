package io.hgq4j.server;

import java.util.List;

/**
 * A model's input or output as the Open Inference Protocol describes it: a name, a datatype ({@code FP32} or
 * {@code FP64}) and a shape whose first dimension is the batch ({@code -1}: any).
 *
 * @param name     the tensor's name (the model's input or output layer)
 * @param datatype {@code FP32} or {@code FP64}
 * @param shape    the shape, batch dimension first
 */
public record TensorSpec(String name, String datatype, List<Integer> shape) {

    /** Checks and copies. */
    public TensorSpec {
        shape = List.copyOf(shape);
    }

    /** The number of values per sample (the product of the dimensions after the batch). */
    public int sampleSize() {
        int n = 1;
        for (int i = 1; i < shape.size(); i++) {
            n *= shape.get(i);
        }
        return n;
    }
}
