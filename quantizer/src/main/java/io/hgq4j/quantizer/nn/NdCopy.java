package io.hgq4j.quantizer.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and ND4J arrays. ND4J's own {@code createFromArray} and {@code toFloatVector} copy
 * element by element through an indexer; on the training hot path (patch gathers, batches) that was the largest single
 * cost in a profile, so these copy through the buffer's NIO view in one call.
 */
public final class NdCopy {

    private NdCopy() {
    }

    /** A float32 array of {@code shape} holding {@code values} in row-major order. */
    public static INDArray of(float[] values, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        checkLength(values.length, out);
        out.data().asNioFloat().put(values);
        return out;
    }

    /** A float64 array of {@code shape} holding {@code values} in row-major order. */
    public static INDArray of(double[] values, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, shape);
        checkLength(values.length, out);
        out.data().asNioDouble().put(values);
        return out;
    }

    /** Every value of a float32 array in row-major order (a copy). */
    public static float[] floats(INDArray x) {
        if (x.dataType() != DataType.FLOAT) {
            x = x.castTo(DataType.FLOAT);
        }
        INDArray dense = dense(x);
        float[] out = new float[(int) dense.length()];
        dense.data().asNioFloat().get(out);
        return out;
    }

    /** Every value of a float64 array in row-major order (a copy). */
    public static double[] doubles(INDArray x) {
        if (x.dataType() != DataType.DOUBLE) {
            x = x.castTo(DataType.DOUBLE);
        }
        INDArray dense = dense(x);
        double[] out = new double[(int) dense.length()];
        dense.data().asNioDouble().get(out);
        return out;
    }

    /** {@code x} itself when its buffer holds exactly its values in row-major order, else a row-major copy. */
    private static INDArray dense(INDArray x) {
        boolean exact = x.ordering() == 'c' && !x.isView() && x.offset() == 0 && x.data().length() == x.length()
                && x.elementWiseStride() == 1;
        return exact ? x : x.dup('c');
    }

    private static void checkLength(int length, INDArray out) {
        if (length != out.length()) {
            throw new IllegalArgumentException(length + " values for shape " + java.util.Arrays.toString(out.shape()));
        }
    }
}
