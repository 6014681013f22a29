package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.hgq4j.model.tensor.Shape;

/**
 * {@code InputLayer}: a model input of static shape ({@code batch_input_shape}, or Keras 3's {@code batch_shape},
 * without the batch axis). It becomes a firmware-model {@code Input} together with the quantizer that must read it.
 */
final class InputLayerHandler implements LayerHandler {

    @Override
    public void convert(KerasLayer layer, ConversionContext context) {
        if (!layer.inbound().isEmpty()) {
            throw KerasProblem.at(layer, "an InputLayer cannot read other layers");
        }
        JsonNode shape = layer.config().has("batch_input_shape") ? layer.config().get("batch_input_shape")
                : layer.config().get("batch_shape");
        if (shape == null || !shape.isArray() || shape.size() < 2) {
            throw KerasProblem.at(layer, "missing batch_input_shape: expected [null, d1, d2, ...], got " + shape);
        }
        int[] dims = new int[shape.size() - 1];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i + 1);
            if (d.isNull()) {
                throw KerasProblem.at(layer, "batch_input_shape " + shape + " has an unknown dimension; "
                        + "the firmware model needs a static shape");
            }
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 1) {
                throw KerasProblem.at(layer, "batch_input_shape " + shape + " has an invalid dimension " + d);
            }
            dims[i] = d.asInt();
        }
        try {
            context.pendInput(layer, Shape.of(dims));
        } catch (IllegalArgumentException e) {
            throw KerasProblem.at(layer, e.getMessage());
        }
    }
}
