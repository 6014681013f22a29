package io.hgq4j.quantizer.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The same elements under another shape (Flatten, Reshape); passive. */
public final class ReshapeNode extends Node {

    /** Reshapes the output of {@code input} to {@code shape} (same size). */
    public ReshapeNode(String name, Node input, long[] shape) {
        super(name, List.of(input), shape);
        long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (size != input.outputSize()) {
            throw new IllegalArgumentException("reshape layer '" + name + "': cannot reshape " + Arrays.toString(input.outputShape())
                    + " to " + Arrays.toString(shape));
        }
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        INDArray x = inputValues.get(0);
        long[] shape = new long[outputShape().length + 1];
        shape[0] = x.size(0);
        System.arraycopy(outputShape(), 0, shape, 1, shape.length - 1);
        return x.reshape(shape);
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        long[] in = inputs().get(0).outputShape();
        long[] shape = new long[in.length + 1];
        shape[0] = outputGradient.size(0);
        System.arraycopy(in, 0, shape, 1, in.length);
        return List.of(outputGradient.reshape(shape));
    }

    @Override
    public BitsMap outputBits() {
        return inputs().get(0).outputBits();
    }
}
