package io.hgq4j.server.binary;

import java.util.List;

/**
 * A served model as the binary protocol describes it.
 *
 * @param name             the model's name
 * @param inputSize        input values per sample (send them as FP32 or FP64)
 * @param inputShape       the input shape of one sample (without the batch dimension)
 * @param outputSize       output values per sample
 * @param outputDatatype   {@code FP32} or {@code FP64}: how outputs travel
 * @param outputShape      the output shape of one sample (without the batch dimension)
 */
public record BinaryModelMetadata(String name, int inputSize, List<Integer> inputShape, int outputSize,
                                  String outputDatatype, List<Integer> outputShape) {

    /** Copies the shapes. */
    public BinaryModelMetadata {
        inputShape = List.copyOf(inputShape);
        outputShape = List.copyOf(outputShape);
    }
}
