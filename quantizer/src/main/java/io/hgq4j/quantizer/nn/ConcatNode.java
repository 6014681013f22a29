package io.hgq4j.quantizer.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Joins tensors along one axis of the sample shape; passive. */
public final class ConcatNode extends Node {

    private final int axis;

    /** Concatenates along {@code axis} (of one sample's shape; negative counts from the end). */
    public ConcatNode(String name, List<Node> inputs, int axis) {
        super(name, inputs, shape(name, inputs, axis));
        this.axis = Math.floorMod(axis, inputs.get(0).outputShape().length);
    }

    private static long[] shape(String name, List<Node> inputs, int axis) {
        long[] first = inputs.get(0).outputShape();
        int a = Math.floorMod(axis, first.length);
        long[] out = first.clone();
        out[a] = 0;
        for (Node n : inputs) {
            long[] s = n.outputShape();
            for (int d = 0; d < first.length; d++) {
                if (d != a && (s.length != first.length || s[d] != first[d])) {
                    throw new IllegalArgumentException("concatenate layer '" + name + "': input '" + n.name()
                            + "' has shape " + Arrays.toString(s) + ", not compatible with " + Arrays.toString(first));
                }
            }
            out[a] += s[a];
        }
        return out;
    }

    /** The axis of the sample shape joined along. */
    public int axis() {
        return axis;
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        return Nd4j.concat(axis + 1, inputValues.toArray(INDArray[]::new));
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        List<INDArray> grads = new ArrayList<>();
        long at = 0;
        for (Node n : inputs()) {
            long extent = n.outputShape()[axis];
            INDArrayIndex[] index = new INDArrayIndex[outputGradient.rank()];
            Arrays.fill(index, NDArrayIndex.all());
            index[axis + 1] = NDArrayIndex.interval(at, at + extent);
            grads.add(outputGradient.get(index).dup());
            at += extent;
        }
        return grads;
    }

    @Override
    public BitsMap outputBits() {
        List<BitsMap> parts = inputs().stream().map(Node::outputBits).toList();
        long[] shape = outputShape();
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= (int) shape[d];
        }
        int outer = outputSize() / (int) (shape[axis] * inner);
        int size = outputSize();
        float[] bits = new float[size];
        int[] source = new int[size];
        int[] element = new int[size];
        int j = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < parts.size(); k++) {
                int block = (int) inputs().get(k).outputShape()[axis] * inner;
                for (int e = 0; e < block; e++, j++) {
                    source[j] = k;
                    element[j] = o * block + e;
                    bits[j] = parts.get(k).bits()[element[j]];
                }
            }
        }
        return new BitsMap() {
            @Override
            public float[] bits() {
                return bits;
            }

            @Override
            public void backward(float[] gradient) {
                float[][] back = new float[parts.size()][];
                for (int k = 0; k < back.length; k++) {
                    back[k] = new float[parts.get(k).bits().length];
                }
                for (int i = 0; i < gradient.length; i++) {
                    back[source[i]][element[i]] += gradient[i];
                }
                for (int k = 0; k < back.length; k++) {
                    parts.get(k).backward(back[k]);
                }
            }
        };
    }
}
