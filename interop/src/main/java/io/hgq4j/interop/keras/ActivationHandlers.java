package io.hgq4j.interop.keras;

import io.hgq4j.model.ir.Relu;

/**
 * Activations: {@code relu} becomes a firmware-model {@link Relu}, {@code linear} nothing. Other activations (tanh,
 * sigmoid, softmax, ...) are not exact in fixed point and are rejected.
 */
final class ActivationHandlers {

    /** Keras {@code Activation} layer with activation relu or linear. */
    static final LayerHandler ACTIVATION = (layer, context) -> {
        String activation = ConfigValues.requiredString(layer, "activation");
        switch (activation) {
            case "linear" -> context.passThrough(layer);
            case "relu" -> context.produce(layer, context.add(new Relu(context.nameOf(layer), context.input(layer))));
            default -> throw unsupported(layer, activation);
        }
    };

    /** Keras {@code ReLU} layer, when it is a plain max(x, 0). */
    static final LayerHandler RELU = (layer, context) -> {
        if (!ConfigValues.isMissing(layer, "max_value")) {
            throw KerasProblem.at(layer, "max_value " + layer.config().get("max_value") + " is not supported; only "
                    + "an unbounded ReLU (max_value null)");
        }
        for (String key : new String[] {"negative_slope", "threshold"}) {
            if (ConfigValues.number(layer, key, 0) != 0) {
                throw KerasProblem.at(layer, key + " " + layer.config().get(key) + " is not supported; only 0");
            }
        }
        context.produce(layer, context.add(new Relu(context.nameOf(layer), context.input(layer))));
    };

    private ActivationHandlers() {
    }

    /**
     * Applies the {@code activation} attribute of a Dense or Conv layer to firmware-model tensor {@code tensor}.
     *
     * @return the tensor holding the activation's output
     */
    static String applyBuiltIn(KerasLayer layer, ConversionContext context, String tensor) {
        String activation = ConfigValues.string(layer, "activation", "linear");
        return switch (activation) {
            case "linear" -> tensor;
            case "relu" -> context.add(new Relu(context.freshName(tensor + "_relu"), tensor));
            default -> throw unsupported(layer, activation);
        };
    }

    private static KerasProblem unsupported(KerasLayer layer, String activation) {
        return KerasProblem.at(layer, "activation '" + activation + "' is not supported; supported: linear, relu");
    }
}
