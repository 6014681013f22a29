package io.hgq4j.quantizer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small tensor helpers shared by the nodes. */
final class Tensors {

    private Tensors() {
    }

    /** All values in row-major order, whatever the rank (a copy). */
    static float[] floats(INDArray x) {
        return NdCopy.floats(x);
    }

    /** Column sums of a [rows, columns] matrix, as a [columns] vector, through BLAS (ones·X). */
    static INDArray columnSums(INDArray matrix) {
        INDArray ones = Nd4j.ones(matrix.dataType(), 1, matrix.size(0));
        return ones.mmul(matrix).reshape(matrix.size(1));
    }

    /** x viewed as [rows, channels] (channels = the last axis). */
    static INDArray byChannel(INDArray x) {
        long channels = x.size(x.rank() - 1);
        return x.reshape(x.length() / channels, channels);
    }

    /** A batch-norm layer's moving statistics under their checkpoint names ({@code <layer>/moving_mean}, ...). */
    static java.util.Map<String, INDArray> batchNormBuffers(String layer, INDArray mean, INDArray variance) {
        java.util.Map<String, INDArray> buffers = new java.util.LinkedHashMap<>();
        buffers.put(layer + "/moving_mean", mean);
        buffers.put(layer + "/moving_variance", variance);
        return buffers;
    }

    /** Glorot-uniform values in ±sqrt(6 / (fanIn + fanOut)), drawn from a seeded generator. */
    static INDArray glorotUniform(long seed, long fanIn, long fanOut, long[] shape) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return NdCopy.of(values, shape);
    }
}
