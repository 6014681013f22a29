package io.hgq4j.quantizer.nn;

import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.SpatialGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A 1-D or 2-D convolution, channels last, as HGQ trains it (HConv1D/HConv2D, with optional fused batch norm):
 * per-weight kernel quantizer, bias rounded with the output quantizer's f, per-element output quantizer, then the
 * activation. A 1-D convolution runs as a 2-D one of height 1. EBOPs count every output position (a fully unrolled
 * design builds every one).
 */
public final class ConvNode extends Node {

    private static final double BN_MOMENTUM = 0.99;

    private final int rank;
    private final WindowOps windows;
    private final int kh;
    private final int kw;
    private final int channels;
    private final int filters;
    private final int sh;
    private final int sw;
    private final Padding padding;
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
    private final SpatialGeometry geometry;

    private boolean quantizedPass;
    private INDArray patches;
    private INDArray quantizedKernel;
    private INDArray scale;
    private INDArray mean;
    private INDArray sigma;
    private INDArray product;
    private final ActivationStage stage;

    /**
     * @param kernelSize {kh, kw} for 2-D, {k} for 1-D
     * @param strides    {sh, sw} for 2-D, {s} for 1-D
     */
    public ConvNode(String name, Node input, int filters, int[] kernelSize, int[] strides, Padding padding,
                    boolean batchNorm, Activation activation, QuantizerSettings bits, long seed) {
        super(name, List.of(input), outputShape(name, input.outputShape(), filters, kernelSize, strides, padding));
        long[] in = input.outputShape();
        this.rank = in.length - 1;
        this.kh = rank == 2 ? kernelSize[0] : 1;
        this.kw = rank == 2 ? kernelSize[1] : kernelSize[0];
        this.sh = rank == 2 ? strides[0] : 1;
        this.sw = rank == 2 ? strides[1] : strides[0];
        this.channels = (int) in[in.length - 1];
        this.filters = filters;
        this.padding = padding;
        this.batchNorm = batchNorm;
        if (activation != Activation.LINEAR && activation != Activation.RELU) {
            throw new IllegalArgumentException("conv layer '" + name + "': activation " + activation.keyword()
                    + " needs its own activation layer (a table)");
        }
        this.activation = activation;
        this.geometry = new SpatialGeometry(rank == 2 ? (int) in[0] : 1, (int) in[rank == 2 ? 1 : 0], channels, kh, kw,
                sh, sw, padding);
        this.windows = new WindowOps(geometry);
        long[] kernelShape = rank == 2 ? new long[] {kh, kw, channels, filters} : new long[] {kw, channels, filters};
        this.kernel = new Param(name + "/kernel", Param.Kind.WEIGHT,
                Tensors.glorotUniform(seed, (long) kh * kw * channels, (long) kh * kw * filters, kernelShape));
        this.bias = batchNorm ? null : new Param(name + "/bias", Param.Kind.WEIGHT, Nd4j.zeros(DataType.FLOAT, filters));
        this.gamma = batchNorm ? new Param(name + "/gamma", Param.Kind.WEIGHT, Nd4j.ones(DataType.FLOAT, filters)) : null;
        this.beta = batchNorm ? new Param(name + "/beta", Param.Kind.WEIGHT, Nd4j.zeros(DataType.FLOAT, filters)) : null;
        this.movingMean = Nd4j.zeros(DataType.FLOAT, filters);
        this.movingVariance = Nd4j.ones(DataType.FLOAT, filters);
        this.kernelQuantizer = bits.weightQuantizer(name + "/kernel", kernelShape);
        this.outputQuantizer = bits.activationQuantizer(name, outputShape());
        this.stage = new ActivationStage(outputQuantizer, activation == Activation.RELU);
        if (bits.trainable() && kernelQuantizer.granularity() == BitQuantizer.Granularity.ELEMENT) {
            INDArray log2 = Transforms.log(Transforms.abs(kernel.value(), true).addi(1e-12f), false).divi((float) Math.log(2));
            kernelQuantizer.f().value().assign(log2.rsubi(bits.initialWeightF()));
            kernelQuantizer.clip();
        }
    }

    private static long[] outputShape(String name, long[] in, int filters, int[] kernelSize, int[] strides, Padding padding) {
        int rank = in.length - 1;
        if (rank != 1 && rank != 2 || kernelSize.length != rank || strides.length != rank) {
            throw new IllegalArgumentException("conv layer '" + name + "': input of shape " + Arrays.toString(in)
                    + " with kernel " + Arrays.toString(kernelSize) + " and strides " + Arrays.toString(strides)
                    + "; expected [length, channels] with 1 value each, or [height, width, channels] with 2");
        }
        SpatialGeometry g = new SpatialGeometry(rank == 2 ? (int) in[0] : 1, (int) in[rank == 2 ? 1 : 0], (int) in[rank],
                rank == 2 ? kernelSize[0] : 1, kernelSize[rank - 1], rank == 2 ? strides[0] : 1, strides[rank - 1], padding);
        if (g.outHeight() < 1 || g.outWidth() < 1) {
            throw new IllegalArgumentException("conv layer '" + name + "': the kernel does not fit the input "
                    + Arrays.toString(in) + " without padding");
        }
        return rank == 2 ? new long[] {g.outHeight(), g.outWidth(), filters} : new long[] {g.outWidth(), filters};
    }

    /** The gather and product this layer's convolution runs on. */
    public WindowOps windows() {
        return windows;
    }

    /** 1 or 2. */
    public int spatialRank() {
        return rank;
    }

    /** Output channels. */
    public int filters() {
        return filters;
    }

    /** Stride between rows (1 for 1-D). */
    public int strideHeight() {
        return sh;
    }

    /** Stride between columns. */
    public int strideWidth() {
        return sw;
    }

    /** Border handling. */
    public Padding padding() {
        return padding;
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

    /** The output quantizer. */
    public BitQuantizer outputQuantizer() {
        return outputQuantizer;
    }

    /** The float kernel, Keras layout. */
    public INDArray kernel() {
        return kernel.value();
    }

    /** The float bias (zeros with batch norm). */
    public INDArray bias() {
        return bias == null ? Nd4j.zeros(DataType.FLOAT, filters) : bias.value();
    }

    /** γ, or null. */
    public INDArray gamma() {
        return gamma == null ? null : gamma.value();
    }

    /** β of batch norm, or null. */
    public INDArray betaShift() {
        return beta == null ? null : beta.value();
    }

    /** The moving mean. */
    public INDArray movingMean() {
        return movingMean;
    }

    /** The moving variance. */
    public INDArray movingVariance() {
        return movingVariance;
    }

    /** The kernel as the [kh·kw·C, F] matrix the patches multiply. */
    private INDArray kernelMatrix(INDArray k) {
        return k.reshape((long) kh * kw * channels, filters);
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        quantizedPass = pass.quantized();
        INDArray input = inputValues.get(0);
        long batch = input.size(0);
        patches = windows.im2col(input);
        INDArray fused;
        INDArray biasValue;
        if (batchNorm) {
            INDArray variance;
            if (pass.training()) {
                product = Nd4j.gemm(patches, kernelMatrix(kernel.value()), false, false);
                long n = product.size(0);
                mean = Tensors.columnSums(product).divi(n);
                variance = Tensors.columnSums(product.mul(product)).divi(n).subi(mean.mul(mean));
                Transforms.relu(variance, false);
                movingMean.muli(BN_MOMENTUM).addi(mean.mul(1 - BN_MOMENTUM));
                movingVariance.muli(BN_MOMENTUM).addi(variance.mul(1 - BN_MOMENTUM));
            } else {
                mean = movingMean;
                variance = movingVariance;
            }
            sigma = Transforms.sqrt(variance.add(DenseNode.epsilon()), false);
            scale = gamma.value().div(sigma);
            fused = kernel.value().reshape(-1, filters).mulRowVector(scale.reshape(1, filters)).reshape(kernel.value().shape());
            biasValue = beta.value().sub(mean.mul(scale));
        } else {
            fused = kernel.value();
            biasValue = bias.value();
        }
        quantizedKernel = pass.quantized() ? kernelQuantizer.forward(fused, pass) : fused;
        float[] biasUsed = pass.quantized() ? roundWithChannelBits(biasValue) : Tensors.floats(biasValue);
        INDArray z = Nd4j.gemm(patches, kernelMatrix(quantizedKernel), false, false).reshape(prepend(batch, outputShape()));
        return stage.forward(z, biasUsed, pass);
    }

    private static long[] prepend(long batch, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = batch;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** The bias rounded to the finest LSB its channel's output elements use. */
    private float[] roundWithChannelBits(INDArray b) {
        float[] f = outputQuantizer.roundedBitsPerElement();
        float[] finest = new float[filters];
        Arrays.fill(finest, Float.NEGATIVE_INFINITY);
        for (int e = 0; e < f.length; e++) {
            finest[e % filters] = Math.max(finest[e % filters], f[e]);
        }
        float[] values = Tensors.floats(b);
        for (int c = 0; c < filters; c++) {
            double s = Math.scalb(1.0, (int) finest[c]);
            values[c] = (float) (Math.floor(values[c] * s + 0.5) / s);
        }
        return values;
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        INDArray gradZ = stage.backward(outputGradient);
        long batch = gradZ.size(0);
        long[] inShape = prepend(batch, inputs().get(0).outputShape());
        INDArray gradZc = Tensors.byChannel(gradZ);
        INDArray gradKernel = Nd4j.gemm(patches, gradZc, true, false).reshape(kernel.value().shape());
        if (quantizedPass) {
            kernelQuantizer.backward(gradKernel); // f learns from ∂L/∂Ŵ'
        }
        if (!batchNorm) {
            kernel.addGradient(gradKernel);
            bias.addGradient(NdCopy.of(stage.channelSums(), filters));
            return List.of(inputGradient(gradZc, quantizedKernel, inShape));
        }
        // Batch norm on y = conv(x̂, W) per channel over batch and positions: n = (y − μ)/σ, output γ·n + β.
        long n = gradZc.size(0);
        INDArray normalized = product.subRowVector(mean.reshape(1, filters)).diviRowVector(sigma.reshape(1, filters));
        INDArray gradBeta = NdCopy.of(stage.channelSums(), filters);
        INDArray gradGamma = Tensors.columnSums(gradZc.mul(normalized));
        beta.addGradient(gradBeta);
        gamma.addGradient(gradGamma);
        INDArray gradProduct = gradZc.subRowVector(gradBeta.div(n).reshape(1, filters))
                .subi(normalized.muliRowVector(gradGamma.div(n).reshape(1, filters)))
                .muliRowVector(scale.reshape(1, filters));
        kernel.addGradient(Nd4j.gemm(patches, gradProduct, true, false).reshape(kernel.value().shape()));
        return List.of(inputGradient(gradProduct, kernel.value(), inShape));
    }

    /** ∂L/∂x of a convolution with {@code k} given ∂L/∂z as [batch·positions, F]. */
    private INDArray inputGradient(INDArray gradZc, INDArray k, long[] inShape) {
        return windows.col2im(Nd4j.gemm(gradZc, kernelMatrix(k), false, true)).reshape(inShape);
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

    /** EBOPs = Σ over output positions and taps inside the input of a[input element]·w[tap]. */
    @Override
    public double ebops(double beta) {
        if (quantizedKernel == null || !quantizedPass) {
            return 0;
        }
        BitsMap inputBits = inputs().get(0).outputBits();
        float[] a = inputBits.bits();
        float[] w = WeightBits.of(kernelQuantizer, quantizedKernel);
        // Per tap (ky, kx, ci): the sum of input widths over the output positions that read it, and back.
        double[] coverage = new double[kh * kw * channels];
        double[] filterSums = new double[kh * kw * channels];
        for (int t = 0; t < coverage.length; t++) {
            for (int co = 0; co < filters; co++) {
                filterSums[t] += w[t * filters + co];
            }
        }
        float[] gradA = beta > 0 ? new float[a.length] : null;
        for (int oy = 0; oy < geometry.outHeight(); oy++) {
            for (int ox = 0; ox < geometry.outWidth(); ox++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        for (int ci = 0; ci < channels; ci++) {
                            int x = geometry.inputIndex(oy, ox, ky, kx, ci);
                            if (x >= 0) {
                                int t = (ky * kw + kx) * channels + ci;
                                coverage[t] += a[x];
                                if (gradA != null) {
                                    gradA[x] += (float) (beta * filterSums[t]);
                                }
                            }
                        }
                    }
                }
            }
        }
        double ebops = 0;
        for (int t = 0; t < coverage.length; t++) {
            ebops += coverage[t] * filterSums[t];
        }
        if (beta > 0) {
            float[] gradW = new float[w.length];
            for (int t = 0; t < coverage.length; t++) {
                for (int co = 0; co < filters; co++) {
                    gradW[t * filters + co] = (float) (beta * coverage[t]);
                }
            }
            WeightBits.backward(kernelQuantizer, w, gradW);
            inputBits.backward(gradA);
        }
        return ebops;
    }
}
