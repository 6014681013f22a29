package io.hgq4j.codegen.hls;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.codegen.FlatPorts;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.deploy.PackedLayout;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * The accelerator's two ports. A model with several inputs (or outputs) streams them as one flat sample: every input
 * layer's elements one after the other, in the model's order (the order the emulator takes and gives them in), all
 * sent as one storage type that holds each of them exactly; {@link PackedLayout} says how that sample is packed into
 * bus words.
 *
 * @param inputs     the input layers, in order
 * @param outputs    the output layers, in order
 * @param inputType  the element types of the flat input sample
 * @param outputType the element types of the flat output sample
 * @param inLayout   how an input sample is packed
 * @param outLayout  how an output sample is packed
 */
record Interface(List<Input> inputs, List<String> outputs, TensorType inputType, TensorType outputType,
                 PackedLayout inLayout, PackedLayout outLayout) {

    /**
     * The interface of {@code model} on a bus of {@code wordBits}.
     *
     * @throws CodegenException if an element is wider than a bus word
     */
    static Interface of(FirmwareModel model, int wordBits) {
        List<String> inputNames = model.inputs().stream().map(Input::name).toList();
        TensorType in = FlatPorts.flat(model, inputNames);
        TensorType out = FlatPorts.flat(model, model.outputs());
        try {
            return new Interface(model.inputs(), model.outputs(), in, out,
                    new PackedLayout(in.size(), FlatPorts.storable(in.storageType()), wordBits),
                    new PackedLayout(out.size(), FlatPorts.storable(out.storageType()), wordBits));
        } catch (IllegalArgumentException e) {
            throw new CodegenException("model '" + model.name() + "': " + e.getMessage());
        }
    }

    /** The names of the layers a port carries, comma-separated. */
    static String names(List<String> layers) {
        return String.join(",", layers);
    }
}
