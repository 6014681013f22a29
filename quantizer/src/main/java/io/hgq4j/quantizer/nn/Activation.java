package io.hgq4j.quantizer.nn;

import java.util.Locale;

/** The activations a layer may end with. ReLU is exact in hardware; the others become tables when exported. */
public enum Activation {
    /** None. */
    LINEAR,
    /** max(x, 0). */
    RELU,
    /** tanh, exported as a table. */
    TANH,
    /** 1/(1 + e^−x), exported as a table. */
    SIGMOID;

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
        throw new IllegalArgumentException("unknown activation '" + text + "'; expected linear, relu, tanh or sigmoid");
    }

    /** The function itself, in double precision (the exported tables are computed with it). */
    public double apply(double x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> Math.max(x, 0);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
        };
    }
}
