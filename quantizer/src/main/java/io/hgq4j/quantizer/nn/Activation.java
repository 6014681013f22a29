package io.hgq4j.quantizer.nn;

import java.util.Locale;

/**
 * The activations of the network. ReLU is exact in hardware and may end a dense, convolution or add layer; tanh and
 * sigmoid become tables when exported; softmax (over the last axis, not element-wise) becomes a softmax layer with two
 * tables. The last three are layers of their own ({@link LayerSpec.ActivationSpec}).
 */
public enum Activation {
    /** None. */
    LINEAR,
    /** max(x, 0). */
    RELU,
    /** tanh, exported as a table. */
    TANH,
    /** 1/(1 + e^−x), exported as a table. */
    SIGMOID,
    /**
     * e^(x_i) / Σ_j e^(x_j) over the last axis, exported as a {@code Softmax} layer (an exp table and an inverse table).
     * Not element-wise, so it has no {@link #apply}. The cross-entropy loss takes logits: a network trained with it
     * should end before the softmax.
     */
    SOFTMAX;

    /** The lower-case name used in configuration files. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration keyword. */
    public static Activation parse(String text) {
        for (Activation a : values()) {
            if (a.keyword().equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + text + "'; expected linear, relu, tanh, sigmoid or softmax");
    }

    /**
     * The function itself, in double precision (the exported tables are computed with it).
     *
     * @throws UnsupportedOperationException for {@link #SOFTMAX}, which is not element-wise
     */
    public double apply(double x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> Math.max(x, 0);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SOFTMAX -> throw new UnsupportedOperationException("softmax is not element-wise; it has no apply(x)");
        };
    }
}
