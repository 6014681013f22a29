package io.hgq4j.quantizer.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax over the last axis as HGQ trains it (an HActivation with softmax): the input is quantized with one f for the
 * whole tensor (the exported layer has one input type), the softmax computed in float, and the result quantized again
 * with one f. The backward pass is the exact Jacobian-vector product of softmax, the quantizers straight through.
 * When exported, the layer becomes a firmware-model softmax with an exp table and an inverse table whose precision
 * follows {@link #tableFractionBits}.
 */
public final class SoftmaxNode extends Node {

    private final int rowLength;
    private final BitQuantizer inputQuantizer;
    private final BitQuantizer outputQuantizer;
    private boolean quantizedPass;
    /** The float softmax of the last forward, [rows, n], kept for the backward pass. */
    private INDArray probabilities;

    /** A softmax over the last axis of the output of {@code input}. */
    public SoftmaxNode(String name, Node input, QuantizerSettings bits) {
        super(name, List.of(input), input.outputShape());
        long[] shape = input.outputShape();
        this.rowLength = (int) shape[shape.length - 1];
        this.inputQuantizer = new BitQuantizer(name + "/input", outputShape(), true, BitQuantizer.Granularity.LAYER,
                bits.initialActivationF(), bits.trainable());
        this.outputQuantizer = new BitQuantizer(name, outputShape(), true, BitQuantizer.Granularity.LAYER,
                bits.initialActivationF(), bits.trainable());
    }

    /** The most fractional bits a table entry gets, so that e·v (at most 2·(1 + 24) bits) fits the emulator's codes. */
    public static final int MAX_TABLE_FRACTION_BITS = 24;

    /**
     * The fractional bits g of both tables' entries (and of the sum's index) for an output with {@code outputF}
     * fractional bits and rows of {@code n}: g = min(max(outputF, 0) + ceil(log2(n + 3)), 24). The entries and the
     * inverse then each err by at most 2^−g−1, which keeps the exported softmax within one output LSB of the exact
     * softmax of the quantized input (the bound is derived in {@code io.hgq4j.quantizer.export.SoftmaxTables}).
     */
    public static int tableFractionBits(int outputF, int n) {
        int guard = 32 - Integer.numberOfLeadingZeros(n + 2); // ceil(log2(n + 3))
        return Math.min(Math.max(outputF, 0) + guard, MAX_TABLE_FRACTION_BITS);
    }

    /** The length n of the last axis, over which each softmax runs. */
    public int rowLength() {
        return rowLength;
    }

    /** The quantizer of the input (one f). */
    public BitQuantizer inputQuantizer() {
        return inputQuantizer;
    }

    /** The quantizer of the output (one f). */
    public BitQuantizer outputQuantizer() {
        return outputQuantizer;
    }

    /** The float (unquantized) softmax of the last forward, in the output's shape. */
    public INDArray floatOutput() {
        return probabilities.reshape('c', prepend(probabilities.length() / outputSize(), outputShape()));
    }

    private static long[] prepend(long batch, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = batch;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        quantizedPass = pass.quantized();
        INDArray x = inputValues.get(0);
        INDArray q = quantizedPass ? inputQuantizer.forward(x, pass) : x;
        probabilities = softmax(q.reshape('c', q.length() / rowLength, rowLength));
        INDArray y = probabilities.reshape('c', q.shape());
        return quantizedPass ? outputQuantizer.forward(y, pass) : y;
    }

    /** Row-wise softmax of a [rows, n] matrix, shifted by each row's maximum so that exp never overflows. */
    static INDArray softmax(INDArray rows) {
        INDArray shifted = rows.subColumnVector(rows.max(1).reshape(rows.size(0), 1));
        INDArray exp = Transforms.exp(shifted, false);
        return exp.diviColumnVector(exp.sum(1).reshape(rows.size(0), 1));
    }

    /** ∂L/∂x_i = y_i·(g_i − Σ_j g_j·y_j) per row, through both quantizers straight. */
    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        INDArray g = quantizedPass ? outputQuantizer.backward(outputGradient) : outputGradient;
        INDArray rows = g.reshape('c', probabilities.shape());
        INDArray dot = rows.mul(probabilities).sum(1).reshape(probabilities.size(0), 1);
        INDArray gradIn = rows.subColumnVector(dot).muli(probabilities).reshape('c', g.shape());
        return List.of(quantizedPass ? inputQuantizer.backward(gradIn) : gradIn);
    }

    @Override
    public List<Param> params() {
        return List.of(inputQuantizer.f(), outputQuantizer.f());
    }

    @Override
    public List<BitQuantizer> quantizers() {
        return List.of(inputQuantizer, outputQuantizer);
    }

    @Override
    public BitsMap outputBits() {
        return new ActivationBits(outputQuantizer, false);
    }

    /**
     * The exported layer's multipliers e_i·v, one per element, each of two (1 + g)-bit entries (g from
     * {@link #tableFractionBits} and the output's f): elements·(1 + g)². The gradient reaches the output's f
     * (∂/∂f = 2·elements·(1 + g) while f ≥ 0, straight through its rounding), scaled by 1/√(elements sharing it) as
     * every activation width is.
     */
    @Override
    public double ebops(double beta) {
        if (!quantizedPass) {
            return 0;
        }
        int f = (int) outputQuantizer.roundedBitsPerElement()[0];
        int width = 1 + tableFractionBits(f, rowLength);
        double elements = outputSize();
        if (beta > 0 && f >= 0 && outputQuantizer.trainable()) {
            double gradient = beta * 2 * elements * width / Math.sqrt(outputQuantizer.degeneracy());
            outputQuantizer.f().addGradient(Nd4j.valueArrayOf(outputQuantizer.f().value().shape(), (float) gradient,
                    DataType.FLOAT));
        }
        return elements * width * width;
    }
}
