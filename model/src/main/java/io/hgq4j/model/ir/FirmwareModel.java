package io.hgq4j.model.ir;

import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The firmware model: one immutable, validated description of a quantized network that every stage reads. A
 * directed acyclic graph of named {@link Layer}s with static shapes, exact constants and a fixed-point type for
 * every element of every tensor.
 *
 * <p>Construction checks everything: unique names, no input that names a missing layer, no cycle, at least one
 * input and one output, no layer that contributes to no output, and that every layer accepts its inputs. The output
 * type of every layer is then derived ({@link #outputType}), so accumulators are exact and cannot overflow. Any
 * violation throws an {@link InvalidModelException} naming the layer (a null layer is a programming error and
 * throws a {@link NullPointerException}).
 *
 * <p>{@link #layers()} lists the layers in a topological order: the given order wherever the data flow allows.
 */
public final class FirmwareModel {

    private final String name;
    private final List<Layer> layers;
    private final Map<String, Layer> byName;
    private final Map<String, TensorType> outputTypes;
    private final List<String> outputs;
    private final Map<String, String> metadata;
    private final Map<String, Double> metrics;

    private FirmwareModel(String name, List<Layer> givenLayers, List<String> outputs, Map<String, String> metadata,
                          Map<String, Double> metrics) {
        if (name == null || !LayerChecks.NAME.matcher(name).matches()) {
            throw new InvalidModelException("model name '" + name + "' is not valid: expected 1-128 characters of "
                    + "letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        }
        this.name = name;
        this.byName = indexByName(givenLayers);
        this.outputs = List.copyOf(checkOutputs(outputs, byName));
        this.layers = List.copyOf(topologicalOrder(givenLayers, byName));
        // Every layer but an Input reads another, so a graph without inputs has a cycle, reported above.
        checkEveryLayerIsUsed(this.layers, this.outputs, byName);
        this.outputTypes = Collections.unmodifiableMap(deriveTypes(this.layers));
        this.metadata = Collections.unmodifiableMap(new TreeMap<>(checkMetadata(metadata)));
        this.metrics = Collections.unmodifiableMap(new TreeMap<>(checkMetrics(metrics)));
    }

    /** A builder for a model called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this model's layers, outputs, metadata and metrics, to derive a changed model. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        layers.forEach(b::add);
        outputs.forEach(b::output);
        metadata.forEach(b::metadata);
        metrics.forEach(b::metric);
        return b;
    }

    /** The model name. */
    public String name() {
        return name;
    }

    /** The layers in topological order. */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The layer called {@code layerName}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public Layer layer(String layerName) {
        Layer layer = byName.get(layerName);
        if (layer == null) {
            throw new IllegalArgumentException("model '" + name + "' has no layer '" + layerName + "'");
        }
        return layer;
    }

    /** The input layers, in topological order. */
    public List<Input> inputs() {
        return layers.stream().filter(Input.class::isInstance).map(Input.class::cast).toList();
    }

    /** The names of the layers whose outputs are the model's outputs. */
    public List<String> outputs() {
        return outputs;
    }

    /** The type of the output of layer {@code layerName}. */
    public TensorType outputType(String layerName) {
        layer(layerName);
        return outputTypes.get(layerName);
    }

    /** The types of the inputs of {@code layer}, in the order of {@link Layer#inputs()}. */
    public List<TensorType> inputTypes(Layer layer) {
        return layer.inputs().stream().map(outputTypes::get).toList();
    }

    /** Free-form text about the model (producer, source file, ...), sorted by key. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Figures recorded with the model (e.g. validation accuracy), all finite, sorted by key. */
    public Map<String, Double> metrics() {
        return metrics;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirmwareModel m && name.equals(m.name) && layers.equals(m.layers) && outputs.equals(m.outputs)
                && metadata.equals(m.metadata) && metrics.equals(m.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, layers, outputs, metadata, metrics);
    }

    @Override
    public String toString() {
        return "FirmwareModel[" + name + ": " + layers.size() + " layers, outputs " + outputs + "]";
    }

    private static Map<String, Layer> indexByName(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new InvalidModelException("the model has no layers");
        }
        Map<String, Layer> byName = new HashMap<>();
        for (Layer layer : layers) {
            Objects.requireNonNull(layer, "layer");
            if (byName.putIfAbsent(layer.name(), layer) != null) {
                throw new InvalidModelException("duplicate layer name '" + layer.name() + "'");
            }
        }
        for (Layer layer : layers) {
            for (String input : layer.inputs()) {
                if (!byName.containsKey(input)) {
                    throw new InvalidModelException("layer '" + layer.name() + "' reads '" + input
                            + "', which is not a layer of the model");
                }
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    private static List<String> checkOutputs(List<String> outputs, Map<String, Layer> byName) {
        if (outputs.isEmpty()) {
            throw new InvalidModelException("the model declares no output");
        }
        Set<String> seen = new HashSet<>();
        for (String output : outputs) {
            if (!byName.containsKey(output)) {
                throw new InvalidModelException("output '" + output + "' is not a layer of the model");
            }
            if (!seen.add(output)) {
                throw new InvalidModelException("output '" + output + "' is declared twice");
            }
        }
        return outputs;
    }

    /** Kahn's algorithm, always taking the earliest given layer whose inputs are placed; reports a cycle if stuck. */
    private static List<Layer> topologicalOrder(List<Layer> given, Map<String, Layer> byName) {
        List<Layer> ordered = new ArrayList<>(given.size());
        Set<String> placed = new HashSet<>();
        List<Layer> pending = new ArrayList<>(given);
        while (!pending.isEmpty()) {
            Layer next = null;
            for (Layer candidate : pending) {
                if (placed.containsAll(candidate.inputs())) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                List<String> stuck = pending.stream().map(Layer::name).toList();
                throw new InvalidModelException("the layers " + stuck + " form a cycle (or depend on one)");
            }
            pending.remove(next);
            placed.add(next.name());
            ordered.add(next);
        }
        return ordered;
    }

    private static void checkEveryLayerIsUsed(List<Layer> layers, List<String> outputs, Map<String, Layer> byName) {
        Set<String> used = new HashSet<>();
        List<String> work = new ArrayList<>(outputs);
        while (!work.isEmpty()) {
            String layer = work.remove(work.size() - 1);
            if (used.add(layer)) {
                work.addAll(byName.get(layer).inputs());
            }
        }
        for (Layer layer : layers) {
            if (!used.contains(layer.name())) {
                throw new InvalidModelException("layer '" + layer.name() + "' contributes to no output");
            }
        }
    }

    private static Map<String, TensorType> deriveTypes(List<Layer> ordered) {
        Map<String, TensorType> types = new LinkedHashMap<>();
        for (Layer layer : ordered) {
            List<TensorType> inputs = layer.inputs().stream().map(types::get).toList();
            types.put(layer.name(), layer.outputType(inputs));
        }
        return types;
    }

    private static Map<String, String> checkMetadata(Map<String, String> metadata) {
        metadata.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new InvalidModelException("metadata entry '" + key + "' needs a non-blank key and a value");
            }
        });
        return metadata;
    }

    private static Map<String, Double> checkMetrics(Map<String, Double> metrics) {
        metrics.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new InvalidModelException("a metric needs a non-blank name");
            }
            if (value == null || !Double.isFinite(value)) {
                throw new InvalidModelException("metric '" + key + "' is " + value + "; metrics must be finite numbers");
            }
        });
        return metrics;
    }

    /** Collects layers, outputs, metadata and metrics; {@link #build()} validates them all at once. */
    public static final class Builder {

        private final String name;
        private final List<Layer> layers = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Double> metrics = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a layer (any order: the model sorts them by data flow). */
        public Builder add(Layer layer) {
            layers.add(layer);
            return this;
        }

        /** Declares the output of layer {@code layerName} an output of the model. */
        public Builder output(String layerName) {
            outputs.add(layerName);
            return this;
        }

        /** Records a piece of text about the model. */
        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        /** Records a figure about the model (must be finite). */
        public Builder metric(String key, double value) {
            metrics.put(key, value);
            return this;
        }

        /**
         * The validated model.
         *
         * @throws InvalidModelException naming the first problem found
         */
        public FirmwareModel build() {
            return new FirmwareModel(name, layers, outputs, metadata, metrics);
        }
    }
}
