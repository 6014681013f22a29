package io.hgq4j.codegen.hls;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.deploy.PackedLayout;

/**
 * The accelerator's ports: the single input and output layer of the model and how their samples are packed into bus
 * words ({@link PackedLayout}, shared with the host runtime).
 *
 * @param input     the input layer
 * @param output    the name of the output layer
 * @param inLayout  how an input sample is packed
 * @param outLayout how an output sample is packed
 */
record Interface(Input input, String output, PackedLayout inLayout, PackedLayout outLayout) {

    /**
     * The interface of {@code model} on a bus of {@code wordBits}.
     *
     * @throws CodegenException if the model has several inputs or outputs, or an element is wider than a word
     */
    static Interface of(FirmwareModel model, int wordBits) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new CodegenException("model '" + model.name() + "' has " + model.inputs().size() + " inputs and "
                    + model.outputs().size() + " outputs; the accelerator backends stream one input and one output");
        }
        Input input = model.inputs().get(0);
        String output = model.outputs().get(0);
        try {
            return new Interface(input, output, layout(model, input.name(), wordBits), layout(model, output, wordBits));
        } catch (IllegalArgumentException e) {
            throw new CodegenException("model '" + model.name() + "': " + e.getMessage());
        }
    }

    private static PackedLayout layout(FirmwareModel model, String layer, int wordBits) {
        return new PackedLayout(model.outputType(layer).size(),
                CppTypes.storable(model.outputType(layer).storageType()), wordBits);
    }
}
