package io.hgq4j.quantizer.export;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.fixed.FixedCast;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.AddNode;
import io.hgq4j.quantizer.nn.BitQuantizer;
import io.hgq4j.quantizer.nn.ConvNode;
import io.hgq4j.quantizer.nn.DenseNode;
import io.hgq4j.quantizer.nn.InputNode;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.Node;
import io.hgq4j.quantizer.nn.Pass;
import io.hgq4j.quantizer.nn.PoolNode;
import io.hgq4j.quantizer.nn.SoftmaxNode;
import io.hgq4j.quantizer.nn.TableActivationNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network made exact: every activation quantizer element has a fixed-point type from the ranges a
 * calibration pass saw (HGQ's {@code trace_minmax}, §3.1), every weight and bias is rounded exactly, and every table is
 * computed. This is the quantized model the trainer stands behind; {@link #infer} runs it exactly (the quantizer's own
 * inference) and {@link #toFirmwareModel} exports it. The two read the same calibrated types and constants but are
 * written independently, and tests hold them to bit-identical outputs through the emulator.
 *
 * <p>Semantics, per node: input and activation quantizers round to nearest (ties toward +∞) at their f and wrap
 * outside the calibrated range (HGQ's aggressive proxy); a ReLU is followed by an unsigned quantizer covering the
 * positive range; tables saturate; a softmax gets an exp and an inverse table by the precision rule of
 * {@link SoftmaxTables}. Weights are rounded with their own f, biases with the output's f (the finest of a
 * channel's for convolutions); batch norm is fused with its moving statistics, in double precision.
 */
public final class CalibratedNetwork {

    /** A table activation's exact input type, output type and entries (one per input code bit pattern). */
    record Table(FixedType input, FixedType output, long[] codes) {
    }

    /** A dense or convolution layer's exact constants. */
    record Constants(FixedTensor kernel, double[] kernelValues, FixedTensor bias, double[] biasValues, int[] biasFractionBits) {
    }

    /** The widest input a table may be indexed by. */
    static final int MAX_TABLE_INPUT_WIDTH = 16;

    private final Network network;
    private final Map<BitQuantizer, TensorType> types = new IdentityHashMap<>();
    private final Map<BitQuantizer, TensorType> reluTypes = new IdentityHashMap<>();
    private final Map<Node, Constants> constants = new IdentityHashMap<>();
    private final Map<Node, Table> tables = new IdentityHashMap<>();
    private final Map<Node, SoftmaxTables> softmaxes = new IdentityHashMap<>();

    private CalibratedNetwork(Network network) {
        this.network = network;
    }

    /**
     * Calibrates {@code network} on {@code data}: one inference pass that records the range of every activation
     * quantizer, then exact types (ranges widened about their centre by {@code cover}) and exact constants.
     *
     * @throws IllegalArgumentException if {@code data} does not fit the network's input
     */
    public static CalibratedNetwork calibrate(Network network, SampleArray data, double cover, int batchSize) {
        long[] inputShape = network.input().outputShape();
        if (data.sampleSize() != network.input().outputSize()) {
            throw new IllegalArgumentException("calibration samples have shape " + data.sampleShape() + ", the network takes "
                    + Arrays.toString(inputShape));
        }
        network.resetRanges();
        for (int from = 0; from < data.count(); from += batchSize) {
            int to = Math.min(data.count(), from + batchSize);
            long[] shape = new long[inputShape.length + 1];
            shape[0] = to - from;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            INDArray batch = Nd4j.createFromArray(toFloats(data.samples(from, to).toArray())).reshape(shape);
            network.forward(batch, Pass.CALIBRATE);
        }
        CalibratedNetwork calibrated = new CalibratedNetwork(network);
        calibrated.assignTypes(cover);
        calibrated.roundConstants();
        return calibrated;
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** The trained network. */
    public Network network() {
        return network;
    }

    /** The calibrated element types of an activation quantizer's output (round to nearest, wrap). */
    TensorType types(BitQuantizer q) {
        return types.get(q);
    }

    /** The types after a ReLU that follows {@code q}: unsigned, covering the positive range (truncate, wrap). */
    TensorType reluTypes(BitQuantizer q) {
        return reluTypes.get(q);
    }

    /** The exact constants of a dense or convolution node. */
    Constants constants(Node node) {
        return constants.get(node);
    }

    /** The exact table of a table activation. */
    Table table(Node node) {
        return tables.get(node);
    }

    /** The exact types and tables of a softmax. */
    SoftmaxTables softmax(Node node) {
        return softmaxes.get(node);
    }

    /** Runs samples through the exact quantized network: the quantizer's own inference. */
    public double[] infer(SampleArray samples) {
        return new ExactInference(this).run(samples);
    }

    /**
     * The firmware model of this network.
     *
     * @param name     the model name
     * @param metadata entries recorded with the model
     * @param metrics  figures recorded with the model
     */
    public FirmwareModel toFirmwareModel(String name, Map<String, String> metadata, Map<String, Double> metrics) {
        return new FirmwareExport(this).export(name, metadata, metrics);
    }

    private void assignTypes(double cover) {
        for (Node node : network.nodes()) {
            if (node instanceof InputNode n) {
                types.put(n.quantizer(), activationTypes(n.quantizer(), cover, false, Quantization.RND));
            } else if (node instanceof DenseNode n) {
                addQuantizer(n.outputQuantizer(), cover, n.activation() == Activation.RELU);
            } else if (node instanceof ConvNode n) {
                addQuantizer(n.outputQuantizer(), cover, n.activation() == Activation.RELU);
            } else if (node instanceof AddNode n) {
                addQuantizer(n.outputQuantizer(), cover, n.activation() == Activation.RELU);
            } else if (node instanceof PoolNode n && !n.isMax()) {
                addQuantizer(n.outputQuantizer(), cover, false);
            } else if (node instanceof TableActivationNode n) {
                tables.put(n, table(n, cover));
            } else if (node instanceof SoftmaxNode n) {
                // One input type for the tensor, from the range of all its elements, like a table's input (wider is
                // fine: no table is indexed by x itself, only by the differences, which SoftmaxTables narrows).
                double[] range = layerRange(n.inputQuantizer());
                FixedType input = TypeRules.activation(range[0], range[1], (int) n.inputQuantizer().roundedBitsPerElement()[0],
                        cover, false, Quantization.RND);
                softmaxes.put(n, SoftmaxTables.of(input, n.rowLength(), (int) n.outputQuantizer().roundedBitsPerElement()[0]));
            }
        }
    }

    private void addQuantizer(BitQuantizer q, double cover, boolean relu) {
        types.put(q, activationTypes(q, cover, false, Quantization.RND));
        if (relu) {
            reluTypes.put(q, activationTypes(q, cover, true, Quantization.TRN));
        }
    }

    private static TensorType activationTypes(BitQuantizer q, double cover, boolean positiveOnly, Quantization mode) {
        float[] min = q.rangeMin();
        float[] max = q.rangeMax();
        float[] f = q.roundedBitsPerElement();
        Shape shape = Shape.of(Arrays.stream(q.elementShape()).mapToInt(d -> (int) d).toArray());
        return TensorType.build(shape, e -> min == null ? FixedType.ZERO
                : TypeRules.activation(min[e], max[e], (int) f[e], cover, positiveOnly, mode));
    }

    /** One input type for the whole tensor (a table has one index type), at most 16 bits; entries saturate. */
    private static Table table(TableActivationNode n, double cover) {
        BitQuantizer in = n.inputQuantizer();
        int f = (int) in.roundedBitsPerElement()[0];
        double[] range = layerRange(in);
        FixedType input = TypeRules.activation(range[0], range[1], f, cover, false, Quantization.RND);
        if (input.width() > MAX_TABLE_INPUT_WIDTH) {
            // Coarser steps keep the table at 2^16 entries: the same integer bits, fewer fractional ones.
            int drop = input.width() - MAX_TABLE_INPUT_WIDTH;
            input = new FixedType(MAX_TABLE_INPUT_WIDTH, input.intBits(), input.signed(), Quantization.RND, Overflow.WRAP);
            f -= drop;
        }
        boolean tanh = n.function() == Activation.TANH;
        int outF = (int) n.outputQuantizer().roundedBitsPerElement()[0];
        FixedType output = TypeRules.activation(tanh ? -1 : 0, 1, outF, 1, false, Quantization.RND)
                .withModes(Quantization.RND, Overflow.SAT);
        int entries = 1 << input.width();
        long[] codes = new long[entries];
        for (int k = 0; k < entries; k++) {
            BigInteger code = BigInteger.valueOf(k);
            if (input.signed() && input.width() > 0 && code.testBit(input.width() - 1)) {
                code = code.subtract(BigInteger.ONE.shiftLeft(input.width()));
            }
            double x = Math.scalb(code.doubleValue(), input.lsbExponent());
            codes[k] = FixedCast.fromDouble(n.function().apply(x), output).longValueExact();
        }
        return new Table(input, output, codes);
    }

    /** [min, max] over every element of a quantizer's recorded range, widened to include 0. */
    private static double[] layerRange(BitQuantizer q) {
        float[] min = q.rangeMin();
        float[] max = q.rangeMax();
        double lo = 0;
        double hi = 0;
        for (int e = 0; min != null && e < min.length; e++) {
            lo = Math.min(lo, min[e]);
            hi = Math.max(hi, max[e]);
        }
        return new double[] {lo, hi};
    }

    private void roundConstants() {
        for (Node node : network.nodes()) {
            if (node instanceof DenseNode n) {
                constants.put(n, dense(n));
            } else if (node instanceof ConvNode n) {
                constants.put(n, conv(n));
            }
        }
    }

    private static Constants dense(DenseNode n) {
        int in = n.inputFeatures();
        int out = n.units();
        double[] scale = new double[out];
        double[] shift = new double[out];
        fusion(n.batchNorm(), n.gamma(), n.betaShift(), n.movingMean(), n.movingVariance(), n.bias(), scale, shift);
        float[] outputF = n.outputQuantizer().roundedBitsPerElement();
        int[] biasF = new int[out];
        for (int j = 0; j < out; j++) {
            biasF[j] = (int) outputF[j];
        }
        return constants(floats(n.kernel()), new long[] {in, out}, out, scale, shift,
                n.kernelQuantizer().roundedBitsPerElement(), biasF);
    }

    private static Constants conv(ConvNode n) {
        int filters = n.filters();
        double[] scale = new double[filters];
        double[] shift = new double[filters];
        fusion(n.batchNorm(), n.gamma(), n.betaShift(), n.movingMean(), n.movingVariance(), n.bias(), scale, shift);
        float[] outputF = n.outputQuantizer().roundedBitsPerElement();
        int[] biasF = new int[filters];
        Arrays.fill(biasF, Integer.MIN_VALUE);
        for (int e = 0; e < outputF.length; e++) {
            biasF[e % filters] = Math.max(biasF[e % filters], (int) outputF[e]);
        }
        return constants(floats(n.kernel()), n.kernel().shape(), filters, scale, shift,
                n.kernelQuantizer().roundedBitsPerElement(), biasF);
    }

    /** W' = W·scale, b' = shift per output channel: batch norm with its moving statistics, or the plain bias. */
    private static void fusion(boolean batchNorm, INDArray gamma, INDArray beta, INDArray mean, INDArray variance,
                               INDArray bias, double[] scale, double[] shift) {
        for (int c = 0; c < scale.length; c++) {
            if (batchNorm) {
                scale[c] = gamma.getDouble(c) / Math.sqrt(variance.getDouble(c) + DenseNode.epsilon());
                shift[c] = beta.getDouble(c) - mean.getDouble(c) * scale[c];
            } else {
                scale[c] = 1;
                shift[c] = bias.getDouble(c);
            }
        }
    }

    private static Constants constants(float[] kernel, long[] kernelShape, int channels, double[] scale, double[] shift,
                                       float[] kernelF, int[] biasF) {
        double[] values = new double[kernel.length];
        FixedType[] kernelTypes = new FixedType[kernel.length];
        BigInteger[] kernelCodes = new BigInteger[kernel.length];
        for (int e = 0; e < kernel.length; e++) {
            values[e] = TypeRules.round(kernel[e] * scale[e % channels], (int) kernelF[e]);
            FixedValue v = TypeRules.constant(values[e], (int) kernelF[e]);
            kernelTypes[e] = v.type();
            kernelCodes[e] = v.raw();
        }
        double[] biasValues = new double[channels];
        FixedType[] biasTypes = new FixedType[channels];
        BigInteger[] biasCodes = new BigInteger[channels];
        for (int c = 0; c < channels; c++) {
            biasValues[c] = TypeRules.round(shift[c], biasF[c]);
            FixedValue v = TypeRules.constant(biasValues[c], biasF[c]);
            biasTypes[c] = v.type();
            biasCodes[c] = v.raw();
        }
        Shape shape = Shape.of(Arrays.stream(kernelShape).mapToInt(d -> (int) d).toArray());
        return new Constants(FixedTensor.of(TensorType.of(shape, kernelTypes), kernelCodes), values,
                FixedTensor.of(TensorType.of(Shape.of(channels), biasTypes), biasCodes), biasValues, biasF);
    }

    private static float[] floats(INDArray x) {
        return x.reshape('c', new long[] {x.length()}).castTo(DataType.FLOAT).toFloatVector();
    }
}
