package io.hgq4j.codegen;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * How every backend streams several input (or output) layers: as one flat sample, every layer's elements one after
 * the other in the given order (the model's, which is the emulator's too), sent as one storage type that holds each
 * of them exactly.
 */
public final class FlatPorts {

    private FlatPorts() {
    }

    /** The element types of the flat sample of {@code layers}. */
    public static TensorType flat(FirmwareModel model, List<String> layers) {
        List<FixedType> types = new ArrayList<>();
        for (String layer : layers) {
            TensorType t = model.outputType(layer);
            for (int e = 0; e < t.size(); e++) {
                types.add(t.typeAt(e));
            }
        }
        return TensorType.of(Shape.of(types.size()), types.toArray(FixedType[]::new));
    }

    /** {@code t} as a type with a signal: the zero-width type (always 0) becomes one unsigned bit, always 0. */
    public static FixedType storable(FixedType t) {
        return t.isZero() ? FixedType.unsigned(1, 1) : t;
    }
}
