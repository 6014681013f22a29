package io.hgq4j.interop.onnx;

import io.hgq4j.model.fixed.FixedType;
import java.util.Objects;

/**
 * The fixed-point types a float (non-QONNX) ONNX model is imported with, and what to do with a final Softmax.
 *
 * <ul>
 *   <li>{@code activation}: graph inputs that no {@code Quant} node reads are converted to it (with its quantization
 *       and overflow modes), and so is the result of every MatMul/Gemm, Conv and activation Add that no
 *       {@code Quant} node reads.</li>
 *   <li>{@code weight}: float initializers (kernels and biases) that no {@code Quant} node reads are <em>rounded</em>
 *       to it with its quantization mode (e.g. {@code fixed<16,6,RND>} rounds to nearest, the default TRN floors).
 *       A weight outside the type's range is an error, whatever the overflow mode: weights are never wrapped or
 *       saturated silently.</li>
 *   <li>{@code dropFinalSoftmax}: a Softmax whose result is a graph output is not exact in fixed point and is
 *       rejected unless this is set; then it is left out and the model outputs its logits (the argmax is
 *       unchanged).</li>
 * </ul>
 *
 * @param activation       the type of activations that no Quant node quantizes
 * @param weight           the type float weights and biases are rounded to
 * @param dropFinalSoftmax whether a Softmax producing a graph output is left out
 */
public record Precision(FixedType activation, FixedType weight, boolean dropFinalSoftmax) {

    /** Validates that both types are given and can be stored (1..64 bits). */
    public Precision {
        Objects.requireNonNull(activation, "activation type");
        Objects.requireNonNull(weight, "weight type");
        for (FixedType t : new FixedType[] {activation, weight}) {
            if (t.width() < 1 || t.width() > FixedType.MAX_VALUE_WIDTH) {
                throw new IllegalArgumentException("precision type " + t + " must have 1.." + FixedType.MAX_VALUE_WIDTH + " bits");
            }
        }
    }

    /** One type for activations and weights; a final Softmax is rejected. */
    public static Precision uniform(FixedType type) {
        return new Precision(type, type, false);
    }

    /** Separate activation and weight types; a final Softmax is rejected. */
    public static Precision of(FixedType activation, FixedType weight) {
        return new Precision(activation, weight, false);
    }

    /** This precision, leaving out a Softmax that produces a graph output. */
    public Precision withFinalSoftmaxDropped() {
        return new Precision(activation, weight, true);
    }
}
