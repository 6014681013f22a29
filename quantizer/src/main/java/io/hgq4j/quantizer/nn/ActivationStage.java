package io.hgq4j.quantizer.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tail every computing layer shares, in one pass over the batch: add the bias (per channel, the last axis),
 * quantize with the layer's activation quantizer (HGQ's pre-activation quantizer: x̂ = floor(x·2^f + ½)/2^f, the
 * range of x̂ recorded per element), then ReLU when the layer has one. The backward pass is one pass too: the ReLU
 * mask, the straight-through gradient, ∂L/∂f = Σ ∂L/∂x̂·(−ln2·(x̂ − x)) and the per-channel sums the bias needs.
 *
 * <p>Written as plain loops because the same work as separate ND4J operations (scale, add, floor, divide, min, max,
 * ReLU, mask, subtract, multiply, reduce) made the HGQ training step of the jet network several times slower than the
 * float step; fused, the quantizer costs about as much as the copies in and out.
 */
final class ActivationStage {

    private static final double LN2 = Math.log(2);

    private final BitQuantizer quantizer;
    private final boolean relu;
    private final int elements;
    private final int channels;
    private float[] output;
    private float[] offset;
    private boolean quantizedPass;
    private double[] channelSums;

    /**
     * @param quantizer the activation quantizer of the layer's output (one sample's elements)
     * @param relu      whether a ReLU follows the quantizer
     */
    ActivationStage(BitQuantizer quantizer, boolean relu) {
        this.quantizer = quantizer;
        this.relu = relu;
        long[] shape = quantizer.elementShape();
        this.elements = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        this.channels = (int) shape[shape.length - 1];
    }

    /**
     * relu(x̂(z + bias)) for a batch {@code z} ({@code [batch, ...element shape]}); without quantization (float passes)
     * relu(z + bias). A training pass keeps what {@link #backward} needs.
     *
     * @param bias one value per channel, or null
     */
    INDArray forward(INDArray z, float[] bias, Pass pass) {
        float[] v = NdCopy.floats(z);
        int batch = v.length / elements;
        quantizedPass = pass.quantized();
        boolean keep = pass.training();
        float[] scale = null;
        if (quantizedPass) {
            scale = quantizer.roundedBitsPerElement();
            for (int e = 0; e < elements; e++) {
                scale[e] = Math.scalb(1f, (int) scale[e]);
            }
        }
        float[] diff = keep && quantizedPass ? reuse(offset, v.length) : null;
        boolean record = quantizedPass && pass.recordRanges();
        float[] low = record ? filled(Float.POSITIVE_INFINITY) : null;
        float[] high = record ? filled(Float.NEGATIVE_INFINITY) : null;
        for (int b = 0, i = 0; b < batch; b++) {
            for (int e = 0; e < elements; e++, i++) {
                float x = bias == null ? v[i] : v[i] + bias[e % channels];
                float q = x;
                if (scale != null) {
                    float s = scale[e];
                    q = (float) Math.floor(x * s + 0.5f) / s;
                    if (diff != null) {
                        diff[i] = q - x;
                    }
                    if (record) {
                        low[e] = Math.min(low[e], q);
                        high[e] = Math.max(high[e], q);
                    }
                }
                v[i] = relu ? Math.max(q, 0f) : q;
            }
        }
        if (record && batch > 0) {
            quantizer.mergeRange(low, high);
        }
        output = keep ? v : null;
        offset = diff;
        return NdCopy.of(v, z.shape());
    }

    /**
     * ∂L/∂z given ∂L/∂output of the last training forward; accumulates ∂L/∂f into the quantizer and keeps the
     * per-channel sums of ∂L/∂z ({@link #channelSums()}) for the bias.
     */
    INDArray backward(INDArray outputGradient) {
        float[] g = NdCopy.floats(outputGradient);
        boolean trainF = quantizedPass && quantizer.trainable() && offset != null;
        double[] perElement = trainF ? new double[elements] : null;
        double[] sums = new double[channels];
        for (int i = 0; i < g.length; i++) {
            float gi = relu && output[i] <= 0 ? 0f : g[i];
            g[i] = gi;
            int e = i % elements;
            sums[e % channels] += gi;
            if (trainF) {
                perElement[e] += gi * offset[i];
            }
        }
        if (trainF) {
            float[] gradient = new float[elements];
            for (int e = 0; e < elements; e++) {
                gradient[e] = (float) (-LN2 * perElement[e]);
            }
            quantizer.addElementGradient(gradient);
        }
        channelSums = sums;
        return NdCopy.of(g, outputGradient.shape());
    }

    /** Σ ∂L/∂z per channel over the batch and positions, from the last {@link #backward}. */
    float[] channelSums() {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = (float) channelSums[c];
        }
        return out;
    }

    private float[] filled(float value) {
        float[] a = new float[elements];
        Arrays.fill(a, value);
        return a;
    }

    private static float[] reuse(float[] buffer, int length) {
        return buffer != null && buffer.length == length ? buffer : new float[length];
    }
}
