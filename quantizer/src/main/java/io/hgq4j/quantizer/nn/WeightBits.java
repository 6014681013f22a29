package io.hgq4j.quantizer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HGQ's differentiable width of quantized weights (hgq.md §1.4): bw = relu(floor(log2|ŵ|) + 1 + round(f)), 0 for
 * ŵ = 0 (a pruned weight costs nothing); ∂bw/∂f = 1 where bw &gt; 0, scaled by 1/√(weights sharing that f).
 */
final class WeightBits {

    private WeightBits() {
    }

    /** The width of every weight of {@code quantizedKernel} under {@code quantizer}'s current f. */
    static float[] of(BitQuantizer quantizer, INDArray quantizedKernel) {
        float[] w = Tensors.floats(quantizedKernel);
        float[] f = quantizer.roundedBitsPerElement();
        float[] bits = new float[w.length];
        for (int e = 0; e < w.length; e++) {
            if (w[e] != 0) {
                double integerBits = Math.floor(Math.log(Math.abs(w[e])) / Math.log(2)) + 1;
                bits[e] = (float) Math.max(0, integerBits + f[e]);
            }
        }
        return bits;
    }

    /** Accumulates {@code gradient} (per weight, times β) into f where the width is positive. */
    static void backward(BitQuantizer quantizer, float[] bits, float[] gradient) {
        if (!quantizer.trainable()) {
            return;
        }
        float[] perF = new float[(int) quantizer.f().value().length()];
        long[] shape = quantizer.elementShape();
        int channels = (int) shape[shape.length - 1];
        for (int e = 0; e < bits.length; e++) {
            if (bits[e] > 0) {
                int at = switch (quantizer.granularity()) {
                    case ELEMENT -> e;
                    case CHANNEL -> e % channels;
                    case LAYER -> 0;
                };
                perF[at] += gradient[e];
            }
        }
        float scale = (float) (1 / Math.sqrt(quantizer.degeneracy()));
        for (int i = 0; i < perF.length; i++) {
            perF[i] *= scale;
        }
        quantizer.f().addGradient(Nd4j.createFromArray(perF).reshape(quantizer.f().value().shape()));
    }
}
