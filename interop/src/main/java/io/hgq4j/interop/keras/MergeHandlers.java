package io.hgq4j.interop.keras;

import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import java.util.List;

/** Keras {@code Add} and {@code Concatenate}. */
final class MergeHandlers {

    /** Element-wise exact sum of two or more tensors. */
    static final LayerHandler ADD = (layer, context) ->
            context.produce(layer, context.add(new Add(context.nameOf(layer), context.inputs(layer, 2))));

    /**
     * Concatenation along {@code axis}, which counts the batch axis in Keras: −1 is the last axis and k &gt; 0 is
     * axis k − 1 of the firmware model's per-sample shape.
     */
    static final LayerHandler CONCATENATE = (layer, context) -> {
        List<String> inputs = context.inputs(layer, 2);
        int rank = context.type(inputs.get(0)).shape().rank();
        int axis = ConfigValues.integer(layer, "axis", -1);
        int withBatch = axis < 0 ? axis + rank + 1 : axis;
        if (withBatch == 0) {
            throw KerasProblem.at(layer, "axis " + axis + " is the batch axis; concatenation along it is not supported");
        }
        if (withBatch < 0 || withBatch > rank) {
            throw KerasProblem.at(layer, "axis " + axis + " is outside the inputs' rank " + rank + " (plus the batch axis)");
        }
        context.produce(layer, context.add(new Concatenate(context.nameOf(layer), inputs, withBatch - 1)));
    };

    private MergeHandlers() {
    }
}
