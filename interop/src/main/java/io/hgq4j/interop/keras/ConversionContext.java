package io.hgq4j.interop.keras;

import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one import, handed to every {@link LayerHandler}: which firmware-model tensor each Keras layer's output
 * is, the firmware-model layers made so far with their derived types, names, and the weights of the file.
 *
 * <p>An {@code InputLayer} does not become a firmware-model layer on its own: it stays a <em>pending input</em> until
 * the {@code FixedPointQuantizer} that reads it turns both into one {@link Input}. Any other layer reading a pending
 * input fails with "input 'x' is not quantized".
 */
final class ConversionContext {

    /** What a Keras layer's output is in the firmware model. */
    private sealed interface Ref permits Tensor, PendingInput {
    }

    /** The output of firmware-model layer {@code name}. */
    private record Tensor(String name) implements Ref {
    }

    /** An InputLayer that no quantizer has read yet. */
    record PendingInput(KerasLayer layer, Shape shape) implements Ref {
    }

    private final H5Weights weights;
    private final Map<String, KerasLayer> byName = new LinkedHashMap<>();
    private final Map<String, List<KerasLayer>> consumers = new HashMap<>();
    private final Map<String, KerasLayer> foldedBatchNorms = new HashMap<>();
    private final Map<String, String> reservedNames = new HashMap<>();
    private final NameTable names = new NameTable();
    private final Map<String, Ref> outputs = new HashMap<>();
    private final Map<String, TensorType> types = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private final Set<String> quantizedInputs = new HashSet<>();

    ConversionContext(KerasModelConfig model, H5Weights weights) {
        this.weights = weights;
        for (KerasLayer layer : model.layers()) {
            byName.put(layer.name(), layer);
            reservedNames.put(layer.name(), names.claim(layer.name()));
            for (String input : layer.inbound()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(layer);
            }
        }
        for (KerasLayer layer : model.layers()) {
            if (BatchNormFolding.CLASS_NAME.equals(layer.className()) && layer.inbound().size() == 1) {
                KerasLayer producer = byName.get(layer.inbound().get(0));
                if (BatchNormFolding.canFoldInto(producer) && consumers.get(producer.name()).size() == 1
                        && !model.outputs().contains(producer.name())) {
                    foldedBatchNorms.put(producer.name(), layer);
                }
            }
        }
    }

    /** The weights of the file. */
    H5Weights weights() {
        return weights;
    }

    /** The firmware-model name reserved for the layer's own output (the sanitized Keras name). */
    String nameOf(KerasLayer layer) {
        return reservedNames.get(layer.name());
    }

    /** A new unique firmware-model name based on {@code base}, for layers Keras does not name (e.g. a Dense's ReLU). */
    String freshName(String base) {
        return names.claim(base);
    }

    /** The BatchNormalization that follows {@code layer} directly and is folded into it, if any. */
    Optional<KerasLayer> foldedBatchNorm(KerasLayer layer) {
        return Optional.ofNullable(foldedBatchNorms.get(layer.name()));
    }

    /** Whether {@code batchNorm} is folded into the layer it reads. */
    boolean isFolded(KerasLayer batchNorm) {
        return foldedBatchNorms.containsValue(batchNorm);
    }

    /**
     * The firmware-model tensor of the single layer {@code layer} reads.
     *
     * @throws KerasProblem if it reads more or fewer than one layer, or an unquantized input
     */
    String input(KerasLayer layer) {
        if (layer.inbound().size() != 1) {
            throw KerasProblem.at(layer, "expects one input, got " + layer.inbound().size());
        }
        return resolve(layer, layer.inbound().get(0));
    }

    /**
     * The firmware-model tensors of the layers {@code layer} reads, at least {@code minimum} of them.
     *
     * @throws KerasProblem if it reads fewer, or an unquantized input
     */
    List<String> inputs(KerasLayer layer, int minimum) {
        if (layer.inbound().size() < minimum) {
            throw KerasProblem.at(layer, "expects at least " + minimum + " inputs, got " + layer.inbound().size());
        }
        return layer.inbound().stream().map(name -> resolve(layer, name)).toList();
    }

    /** The pending input {@code layer} reads, if it reads exactly one layer and that is an unquantized InputLayer. */
    Optional<PendingInput> pendingInput(KerasLayer layer) {
        if (layer.inbound().size() == 1 && outputs.get(layer.inbound().get(0)) instanceof PendingInput p) {
            return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The type (shape and element types) of firmware-model tensor {@code name}. */
    TensorType type(String name) {
        return types.get(name);
    }

    /** Records an InputLayer of per-sample shape {@code shape}, waiting for its quantizer. */
    void pendInput(KerasLayer inputLayer, Shape shape) {
        outputs.put(inputLayer.name(), new PendingInput(inputLayer, shape));
    }

    /**
     * Turns a pending input and the quantizer reading it into one firmware-model {@link Input} named after the
     * InputLayer, whose element types are the quantizer's; the quantizer's output is that input.
     *
     * @throws KerasProblem if another quantizer already read the input
     */
    void quantizeInput(KerasLayer quantizer, PendingInput input, TensorType elementTypes) {
        String name = nameOf(input.layer());
        if (!quantizedInputs.add(input.layer().name())) {
            throw KerasProblem.at(quantizer, "input '" + input.layer().name() + "' is already quantized by another "
                    + "layer; hgq4j needs exactly one FixedPointQuantizer after each input");
        }
        add(new Input(name, elementTypes));
        produce(quantizer, name);
    }

    /**
     * Adds a firmware-model layer, deriving its output type from its inputs' types.
     *
     * @return the layer's name
     * @throws io.hgq4j.model.ir.InvalidModelException if the layer does not accept its inputs
     */
    String add(Layer layer) {
        TensorType type = layer.outputType(layer.inputs().stream().map(types::get).toList());
        types.put(layer.name(), type);
        layers.add(layer);
        return layer.name();
    }

    /** The output of Keras layer {@code layer} is firmware-model tensor {@code name}. */
    void produce(KerasLayer layer, String name) {
        outputs.put(layer.name(), new Tensor(name));
    }

    /** The output of {@code layer} is its (single) input, unchanged: Dropout, a linear activation, a folded BN. */
    void passThrough(KerasLayer layer) {
        if (layer.inbound().size() != 1) {
            throw KerasProblem.at(layer, "expects one input, got " + layer.inbound().size());
        }
        outputs.put(layer.name(), outputs.get(layer.inbound().get(0)));
    }

    /**
     * The firmware model: every layer added, the outputs named by the Keras config.
     *
     * @throws KerasProblem if an input was never quantized or an output is an unquantized input
     * @throws io.hgq4j.model.ir.InvalidModelException if the graph is not a valid firmware model
     */
    FirmwareModel build(String modelName, List<String> kerasOutputs, Map<String, String> metadata) {
        for (KerasLayer layer : byName.values()) {
            if (outputs.get(layer.name()) instanceof PendingInput p && p.layer() == layer
                    && !quantizedInputs.contains(layer.name())) {
                throw notQuantized(layer, "no FixedPointQuantizer reads it");    // an InputLayer nobody quantized
            }
        }
        FirmwareModel.Builder builder = FirmwareModel.builder(modelName);
        layers.forEach(builder::add);
        for (String output : kerasOutputs) {
            builder.output(resolve(null, output));
        }
        metadata.forEach(builder::metadata);
        return builder.build();
    }

    private String resolve(KerasLayer reader, String kerasName) {
        Ref ref = outputs.get(kerasName);
        if (ref instanceof Tensor t) {
            return t.name();
        }
        if (ref instanceof PendingInput p) {
            throw notQuantized(p.layer(), reader == null ? "it is a model output"
                    : reader.describe() + " reads it directly");
        }
        throw new IllegalStateException("layer '" + kerasName + "' has not been converted");
    }

    private static KerasProblem notQuantized(KerasLayer input, String why) {
        return new KerasProblem("input '" + input.name() + "' is not quantized: " + why + "; an HGQ proxy model "
                + "quantizes every input with a FixedPointQuantizer directly after the InputLayer");
    }
}
