package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.tensor.Shape;

/** Keras {@code Flatten} and {@code Reshape}: a firmware-model {@link Reshape} (same elements, same order). */
final class ShapeHandlers {

    /** Flatten to one axis. */
    static final LayerHandler FLATTEN = (layer, context) -> {
        SpatialConfig.requireChannelsLast(layer);
        String input = context.input(layer);
        Shape flat = Shape.of(context.type(input).size());
        context.produce(layer, context.add(new Reshape(context.nameOf(layer), input, flat)));
    };

    /** Reshape to target_shape (without the batch axis), where one extent may be −1. */
    static final LayerHandler RESHAPE = (layer, context) -> {
        String input = context.input(layer);
        int size = context.type(input).size();
        JsonNode target = layer.config().get("target_shape");
        if (target == null || !target.isArray() || target.isEmpty()) {
            throw KerasProblem.at(layer, "missing target_shape");
        }
        int[] dims = new int[target.size()];
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = target.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || (d.asInt() < 1 && d.asInt() != -1)) {
                throw KerasProblem.at(layer, "target_shape " + target + " has an invalid extent " + d);
            }
            dims[i] = d.asInt();
            if (dims[i] == -1) {
                if (unknown >= 0) {
                    throw KerasProblem.at(layer, "target_shape " + target + " has more than one -1");
                }
                unknown = i;
            } else {
                known *= dims[i];
            }
        }
        if (unknown >= 0) {
            if (known > size || size % known != 0) {
                throw KerasProblem.at(layer, "cannot reshape " + context.type(input).shape() + " (" + size
                        + " elements) to " + target);
            }
            dims[unknown] = (int) (size / known);
        }
        context.produce(layer, context.add(new Reshape(context.nameOf(layer), input, Shape.of(dims))));
    };

    private ShapeHandlers() {
    }
}
