package io.hgq4j.quantizer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A fully connected layer as HGQ trains it (HDense / HDenseBatchNorm): the kernel (fused with batch norm when there is
 * one) goes through a per-weight quantizer, the bias is rounded with the output quantizer's f, the pre-activation
 * z = x̂·ŵ + b̂ goes through a per-element output quantizer, then the activation.
 *
 * <p>Batch norm is fused before quantization, as in HGQ: in training the batch statistics of x̂·W give
 * W' = W·γ/σ and b' = β − μ·γ/σ, which the kernel and output quantizers then round; in inference the moving averages
 * do. The gradients of W, γ, β and the input are those of batch norm on x̂·W (through the batch statistics, as in
 * Keras), the quantizers being straight through; the kernel's f learns from the gradient of the fused kernel.
 */
public final class DenseNode extends Node {

    private static final double BN_MOMENTUM = 0.99;
    private static final double BN_EPSILON = 1e-3;

    private final int in;
    private final int out;
    private final boolean batchNorm;
    private final Activation activation;
    private final Param kernel;
    private final Param bias;
    private final Param gamma;
    private final Param beta;
    private final INDArray movingMean;
    private final INDArray movingVariance;
    private final BitQuantizer kernelQuantizer;
    private final BitQuantizer outputQuantizer;

    // forward caches
    private boolean quantizedPass;
    private INDArray input;
    private INDArray fusedKernel;
    private INDArray quantizedKernel;
    private INDArray scale;
    private INDArray mean;
    private INDArray sigma;
    private INDArray product;
    private final ActivationStage stage;

    /**
     * @param input       the node read (its output must be 1-D)
     * @param units       output features
     * @param batchNorm   whether batch norm follows the product (then there is no separate bias)
     * @param activation  LINEAR or RELU (tables need an {@link TableActivationNode})
     * @param bits        quantizer settings
     * @param seed        initialisation seed (Glorot uniform kernel, zero bias)
     */
    public DenseNode(String name, Node input, int units, boolean batchNorm, Activation activation, QuantizerSettings bits,
                     long seed) {
        super(name, List.of(input), new long[] {units});
        if (input.outputShape().length != 1) {
            throw new IllegalArgumentException("dense layer '" + name + "' needs a 1-D input; '" + input.name()
                    + "' has shape " + java.util.Arrays.toString(input.outputShape()) + " (add a flatten layer)");
        }
        if (activation != Activation.LINEAR && activation != Activation.RELU) {
            throw new IllegalArgumentException("dense layer '" + name + "': activation " + activation.keyword()
                    + " needs its own activation layer (a table)");
        }
        this.in = (int) input.outputShape()[0];
        this.out = units;
        this.batchNorm = batchNorm;
        this.activation = activation;
        this.kernel = new Param(name + "/kernel", Param.Kind.WEIGHT, Tensors.glorotUniform(seed, in, out, new long[] {in, out}));
        this.bias = batchNorm ? null : new Param(name + "/bias", Param.Kind.WEIGHT, Nd4j.zeros(DataType.FLOAT, out));
        this.gamma = batchNorm ? new Param(name + "/gamma", Param.Kind.WEIGHT, Nd4j.ones(DataType.FLOAT, out)) : null;
        this.beta = batchNorm ? new Param(name + "/beta", Param.Kind.WEIGHT, Nd4j.zeros(DataType.FLOAT, out)) : null;
        this.movingMean = Nd4j.zeros(DataType.FLOAT, out);
        this.movingVariance = Nd4j.ones(DataType.FLOAT, out);
        this.kernelQuantizer = bits.weightQuantizer(name + "/kernel", new long[] {in, out});
        this.outputQuantizer = bits.activationQuantizer(name, new long[] {out});
        this.stage = new ActivationStage(outputQuantizer, activation == Activation.RELU);
        if (bits.trainable()) {
            initialiseKernelBits(bits.initialWeightF());
        }
    }

    /** HGQ starts every weight with about {@code initial} significant bits: f = initial − log2|w|. */
    private void initialiseKernelBits(float initial) {
        if (kernelQuantizer.granularity() != BitQuantizer.Granularity.ELEMENT) {
            return;
        }
        INDArray magnitude = Transforms.abs(kernel.value(), true).addi(1e-12f);
        INDArray log2 = Transforms.log(magnitude, false).divi((float) Math.log(2));
        kernelQuantizer.f().value().assign(log2.rsubi(initial));
        kernelQuantizer.clip();
    }

    /** Input features. */
    public int inputFeatures() {
        return in;
    }

    /** Output features. */
    public int units() {
        return out;
    }

    /** Whether batch norm is fused into the kernel. */
    public boolean batchNorm() {
        return batchNorm;
    }

    /** The activation. */
    public Activation activation() {
        return activation;
    }

    /** The kernel quantizer. */
    public BitQuantizer kernelQuantizer() {
        return kernelQuantizer;
    }

    /** The output (pre-activation) quantizer. */
    public BitQuantizer outputQuantizer() {
        return outputQuantizer;
    }

    /** The float kernel. */
    public INDArray kernel() {
        return kernel.value();
    }

    /** The float bias (zeros with batch norm, which supplies it). */
    public INDArray bias() {
        return bias == null ? Nd4j.zeros(DataType.FLOAT, out) : bias.value();
    }

    /** γ, or null without batch norm. */
    public INDArray gamma() {
        return gamma == null ? null : gamma.value();
    }

    /** β of batch norm, or null without batch norm. */
    public INDArray betaShift() {
        return beta == null ? null : beta.value();
    }

    /** The moving mean of batch norm. */
    public INDArray movingMean() {
        return movingMean;
    }

    /** The moving variance of batch norm. */
    public INDArray movingVariance() {
        return movingVariance;
    }

    /** The batch-norm epsilon. */
    public static double epsilon() {
        return BN_EPSILON;
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        input = inputValues.get(0);
        quantizedPass = pass.quantized();
        INDArray biasValue;
        if (batchNorm) {
            INDArray variance;
            if (pass.training()) {
                product = Nd4j.gemm(input, kernel.value(), false, false);
                long batch = product.size(0);
                mean = Tensors.columnSums(product).divi(batch);
                variance = Tensors.columnSums(product.mul(product)).divi(batch).subi(mean.mul(mean));
                Transforms.relu(variance, false);
                movingMean.muli(BN_MOMENTUM).addi(mean.mul(1 - BN_MOMENTUM));
                movingVariance.muli(BN_MOMENTUM).addi(variance.mul(1 - BN_MOMENTUM));
            } else {
                mean = movingMean;
                variance = movingVariance;
            }
            sigma = Transforms.sqrt(variance.add(BN_EPSILON), false);
            scale = gamma.value().div(sigma);
            fusedKernel = kernel.value().mulRowVector(scale.reshape(1, out));
            biasValue = beta.value().sub(mean.mul(scale));
        } else {
            fusedKernel = kernel.value();
            biasValue = bias.value();
        }
        float[] b;
        if (pass.quantized()) {
            quantizedKernel = kernelQuantizer.forward(fusedKernel, pass);
            b = roundWithOutputBits(biasValue);
        } else {
            quantizedKernel = fusedKernel;
            b = Tensors.floats(biasValue);
        }
        return stage.forward(Nd4j.gemm(input, quantizedKernel, false, false), b, pass);
    }

    /** b rounded to the LSB of the output quantizer (HGQ's bias_forward), straight-through for b. */
    private float[] roundWithOutputBits(INDArray b) {
        float[] f = outputQuantizer.roundedBitsPerElement();
        float[] values = Tensors.floats(b);
        for (int j = 0; j < values.length; j++) {
            double s = Math.scalb(1.0, (int) f[j]);
            values[j] = (float) (Math.floor(values[j] * s + 0.5) / s);
        }
        return values;
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        INDArray gradZ = stage.backward(outputGradient);
        INDArray gradQuantizedKernel = Nd4j.gemm(input, gradZ, true, false);
        if (quantizedPass) {
            kernelQuantizer.backward(gradQuantizedKernel); // f learns from ∂L/∂Ŵ'
        }
        if (!batchNorm) {
            kernel.addGradient(gradQuantizedKernel);
            bias.addGradient(NdCopy.of(stage.channelSums(), out));
            return List.of(Nd4j.gemm(gradZ, quantizedKernel, false, true));
        }
        // Batch norm on y = x̂·W: n = (y − μ)/σ, output γ·n + β; two fused passes (see ActivationStage for why).
        int batch = (int) gradZ.size(0);
        float[] y = NdCopy.floats(product);
        float[] g = NdCopy.floats(gradZ);
        float[] mu = Tensors.floats(mean);
        float[] inverseSigma = Tensors.floats(sigma);
        float[] gammaOverSigma = Tensors.floats(scale);
        for (int j = 0; j < out; j++) {
            inverseSigma[j] = 1 / inverseSigma[j];
        }
        float[] gradBeta = stage.channelSums();
        double[] gradGamma = new double[out];
        for (int b = 0, i = 0; b < batch; b++) {
            for (int j = 0; j < out; j++, i++) {
                gradGamma[j] += g[i] * ((y[i] - mu[j]) * inverseSigma[j]);
            }
        }
        float[] gradGammaF = new float[out];
        float[] meanGradBeta = new float[out];
        float[] meanGradGamma = new float[out];
        for (int j = 0; j < out; j++) {
            gradGammaF[j] = (float) gradGamma[j];
            meanGradBeta[j] = gradBeta[j] / batch;
            meanGradGamma[j] = gradGammaF[j] / batch;
        }
        beta.addGradient(NdCopy.of(gradBeta, out));
        gamma.addGradient(NdCopy.of(gradGammaF, out));
        for (int b = 0, i = 0; b < batch; b++) {
            for (int j = 0; j < out; j++, i++) {
                float normalized = (y[i] - mu[j]) * inverseSigma[j];
                g[i] = (g[i] - meanGradBeta[j] - normalized * meanGradGamma[j]) * gammaOverSigma[j];
            }
        }
        INDArray gradProduct = NdCopy.of(g, batch, out);
        kernel.addGradient(Nd4j.gemm(input, gradProduct, true, false));
        return List.of(Nd4j.gemm(gradProduct, kernel.value(), false, true));
    }

    @Override
    public Map<String, INDArray> buffers() {
        return batchNorm ? Tensors.batchNormBuffers(name(), movingMean, movingVariance) : Map.of();
    }

    @Override
    public List<Param> params() {
        List<Param> params = new ArrayList<>();
        params.add(kernel);
        if (batchNorm) {
            params.add(gamma);
            params.add(beta);
        } else {
            params.add(bias);
        }
        params.add(kernelQuantizer.f());
        params.add(outputQuantizer.f());
        return params;
    }

    @Override
    public List<BitQuantizer> quantizers() {
        return List.of(kernelQuantizer, outputQuantizer);
    }

    @Override
    public BitsMap outputBits() {
        return new ActivationBits(outputQuantizer, activation == Activation.RELU);
    }

    /** EBOPs = Σ_p a[p]·Σ_q w[p,q] for input widths a and weight widths w (hgq.md §2.2). */
    @Override
    public double ebops(double beta) {
        if (quantizedKernel == null || !quantizedPass) {
            return 0;
        }
        BitsMap inputBits = inputs().get(0).outputBits();
        float[] a = inputBits.bits();
        float[] w = WeightBits.of(kernelQuantizer, quantizedKernel);
        double ebops = 0;
        float[] rowSums = new float[in];
        for (int p = 0; p < in; p++) {
            for (int q = 0; q < out; q++) {
                rowSums[p] += w[p * out + q];
            }
            ebops += (double) a[p] * rowSums[p];
        }
        if (beta > 0) {
            float[] gradW = new float[in * out];
            for (int p = 0; p < in; p++) {
                for (int q = 0; q < out; q++) {
                    gradW[p * out + q] = (float) (beta * a[p]);
                }
            }
            WeightBits.backward(kernelQuantizer, w, gradW);
            float[] gradA = new float[in];
            for (int p = 0; p < in; p++) {
                gradA[p] = (float) (beta * rowSums[p]);
            }
            inputBits.backward(gradA);
        }
        return ebops;
    }
}
