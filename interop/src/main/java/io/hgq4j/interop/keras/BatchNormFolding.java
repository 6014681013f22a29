package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * {@code BatchNormalization} directly after a Dense, Conv1D or Conv2D layer (linear activation, no quantizer in
 * between, and the BN its only reader) is folded into that layer's kernel and bias, per output channel c:
 * scale_c = γ_c / √(σ²_c + ε), w' = w·scale_c, b' = (b_c − μ_c)·scale_c + β_c, with γ = 1 when {@code scale} is
 * false, β = 0 when {@code center} is false and b = 0 without bias. The arithmetic is float32, operation by operation,
 * as Keras computes in a float32 model; the folded floats are then converted exactly.
 *
 * <p>This matches Keras's own float inference of the unfolded layers only up to float rounding (Keras multiplies by
 * the scale after the sum, the folded kernel before it), so a model whose quantizers sit on a rounding boundary can
 * differ in the last bit. HGQ's proxy export folds batch normalization itself, so proxy models have no BN layers;
 * this serves hand-made Keras models. A BN anywhere else is an error.
 */
final class BatchNormFolding implements LayerHandler {

    static final String CLASS_NAME = "BatchNormalization";

    private static final Set<String> FOLDABLE = Set.of("Dense", "Conv1D", "Conv2D");

    /** The folded kernel and bias (never null). */
    record Folded(double[] kernel, double[] bias) {
    }

    /** Whether a BN reading {@code producer}'s output can be folded into it (when the BN is its only reader). */
    static boolean canFoldInto(KerasLayer producer) {
        if (producer == null || !FOLDABLE.contains(producer.className())) {
            return false;
        }
        JsonNode activation = producer.config().get("activation");
        return activation == null || activation.isNull() || "linear".equals(activation.asText());
    }

    @Override
    public void convert(KerasLayer layer, ConversionContext context) {
        if (!context.isFolded(layer)) {
            throw KerasProblem.at(layer, "BatchNormalization is only supported directly after a Dense, Conv1D or "
                    + "Conv2D layer with linear activation that nothing else reads (it is folded into that layer's "
                    + "kernel and bias); here it reads " + String.join(", ", layer.inbound()));
        }
        context.passThrough(layer);
    }

    /**
     * Folds {@code batchNorm} into a kernel whose last axis is the output channel and a bias (null: none).
     *
     * @param outputRank the rank of the producer's output (per sample), to check the BN axis is the last
     */
    static Folded fold(KerasLayer batchNorm, H5Weights weights, int outputRank, int channels, double[] kernel,
                       double[] bias) {
        int axis = ConfigValues.integer(batchNorm, "axis", -1);
        if (axis != -1 && axis != outputRank) {
            throw KerasProblem.at(batchNorm, "axis " + axis + " is not the channel axis (-1 or " + outputRank + ")");
        }
        float epsilon = (float) ConfigValues.number(batchNorm, "epsilon", 1e-3);
        boolean scale = ConfigValues.bool(batchNorm, "scale", true);
        boolean center = ConfigValues.bool(batchNorm, "center", true);
        double[] gamma = scale ? weights.require(batchNorm, "gamma").requireShape(channels).read() : null;
        double[] beta = center ? weights.require(batchNorm, "beta").requireShape(channels).read() : null;
        double[] mean = weights.require(batchNorm, "moving_mean").requireShape(channels).read();
        double[] variance = weights.require(batchNorm, "moving_variance").requireShape(channels).read();
        float[] factor = new float[channels];
        double[] foldedBias = new double[channels];
        for (int c = 0; c < channels; c++) {
            float sum = (float) variance[c] + epsilon;
            if (!(sum > 0)) {
                throw KerasProblem.at(batchNorm, "moving_variance + epsilon of channel " + c + " is " + sum
                        + "; it must be positive");
            }
            float root = (float) Math.sqrt(sum);               // correctly rounded: a double sqrt rounded to float
            factor[c] = (gamma == null ? 1f : (float) gamma[c]) / root;
            float b = bias == null ? 0f : (float) bias[c];
            foldedBias[c] = (b - (float) mean[c]) * factor[c] + (beta == null ? 0f : (float) beta[c]);
        }
        double[] foldedKernel = new double[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            foldedKernel[i] = (float) kernel[i] * factor[i % channels];
        }
        return new Folded(foldedKernel, foldedBias);
    }
}
