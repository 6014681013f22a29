package io.hgq4j.interop.keras;

import io.hgq4j.model.ir.Pool.Reduction;
import java.util.Map;
import java.util.TreeMap;

/** The registry of handlers by Keras class name: every layer kind the importer understands. Immutable. */
final class LayerHandlers {

    /** The handlers of an HGQ proxy model. */
    static final Map<String, LayerHandler> ALL = Map.ofEntries(
            Map.entry("InputLayer", new InputLayerHandler()),
            Map.entry("FixedPointQuantizer", new QuantizerHandler()),
            Map.entry("Dense", new DenseHandler()),
            Map.entry("Conv1D", new ConvHandler(1)),
            Map.entry("Conv2D", new ConvHandler(2)),
            Map.entry("MaxPooling1D", new PoolHandler(1, Reduction.MAX)),
            Map.entry("MaxPooling2D", new PoolHandler(2, Reduction.MAX)),
            Map.entry("AveragePooling1D", new PoolHandler(1, Reduction.AVG)),
            Map.entry("AveragePooling2D", new PoolHandler(2, Reduction.AVG)),
            Map.entry("Flatten", ShapeHandlers.FLATTEN),
            Map.entry("Reshape", ShapeHandlers.RESHAPE),
            Map.entry("Add", MergeHandlers.ADD),
            Map.entry("Concatenate", MergeHandlers.CONCATENATE),
            Map.entry("Activation", ActivationHandlers.ACTIVATION),
            Map.entry("ReLU", ActivationHandlers.RELU),
            Map.entry("Dropout", (layer, context) -> context.passThrough(layer)),
            Map.entry(BatchNormFolding.CLASS_NAME, new BatchNormFolding()));

    private LayerHandlers() {
    }

    /** The supported class names, sorted and comma-separated. */
    static String supported() {
        return String.join(", ", new TreeMap<>(ALL).keySet());
    }
}
