package io.hgq4j.quantizer.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HGQ's differentiable width of activation elements (hgq.md §1.4): bw = relu(i + round(f) + k) with the integer bits
 * i = floor(log2 max(|min|, |max|)) + 1 and the sign bit k = [min &lt; 0] from the range of x̂ seen this epoch; after a
 * ReLU only the positive part counts (i from max, k = 0). ∂bw/∂f = 1 where bw &gt; 0 (straight through the rounding
 * of f), scaled by 1/√(elements sharing that f).
 */
final class ActivationBits implements BitsMap {

    private final BitQuantizer quantizer;
    private final boolean positiveOnly;
    private final float[] bits;

    /**
     * @param positiveOnly whether a ReLU follows, so that negative values cost no bits
     */
    ActivationBits(BitQuantizer quantizer, boolean positiveOnly) {
        this.quantizer = quantizer;
        this.positiveOnly = positiveOnly;
        this.bits = compute();
    }

    private float[] compute() {
        float[] f = quantizer.roundedBitsPerElement();
        float[] min = quantizer.rangeMin();
        float[] max = quantizer.rangeMax();
        float[] out = new float[f.length];
        if (min == null) {
            return out; // no range seen yet: nothing known, nothing charged
        }
        for (int e = 0; e < f.length; e++) {
            double magnitude = positiveOnly ? Math.max(max[e], 0) : Math.max(Math.abs(min[e]), Math.abs(max[e]));
            if (magnitude == 0) {
                continue;
            }
            double integerBits = Math.floor(Math.log(magnitude) / Math.log(2)) + 1;
            double sign = !positiveOnly && min[e] < 0 ? 1 : 0;
            out[e] = (float) Math.max(0, integerBits + f[e] + sign);
        }
        return out;
    }

    @Override
    public float[] bits() {
        return bits;
    }

    @Override
    public void backward(float[] gradient) {
        if (!quantizer.trainable()) {
            return;
        }
        float[] perF = new float[(int) quantizer.f().value().length()];
        int channels = (int) quantizer.elementShape()[quantizer.elementShape().length - 1];
        for (int e = 0; e < bits.length; e++) {
            if (bits[e] <= 0) {
                continue;
            }
            int at = switch (quantizer.granularity()) {
                case ELEMENT -> e;
                case CHANNEL -> e % channels;
                case LAYER -> 0;
            };
            perF[at] += gradient[e];
        }
        float scale = (float) (1 / Math.sqrt(quantizer.degeneracy()));
        for (int i = 0; i < perF.length; i++) {
            perF[i] *= scale;
        }
        quantizer.f().addGradient(Nd4j.createFromArray(perF).reshape(quantizer.f().value().shape()).castTo(DataType.FLOAT));
    }
}
