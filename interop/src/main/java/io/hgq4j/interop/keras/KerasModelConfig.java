package io.hgq4j.interop.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The architecture of a Keras 2 model, parsed from the {@code model_config} JSON of an HDF5 file: the layers in a
 * topological order with the names of the layers each reads, and the output layers.
 *
 * <p>Two layouts are understood. A {@code Functional} (or {@code Model}) config lists its layers with
 * {@code inbound_nodes} of the form {@code [[["name", 0, 0, {}], ...]]} and names its {@code output_layers}. A
 * {@code Sequential} config lists its layers in order, each reading the one before; when it does not start with an
 * {@code InputLayer}, its first layer's {@code batch_input_shape} defines one, named {@code <first layer>_input} as
 * Keras names it. Shared layers (applied more than once) and multi-output layers are not supported.
 *
 * @param name    the model name from the config (may be null)
 * @param layers  the layers, each after the layers it reads
 * @param outputs the names of the output layers, in order
 */
record KerasModelConfig(String name, List<KerasLayer> layers, List<String> outputs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    KerasModelConfig {
        layers = List.copyOf(layers);
        outputs = List.copyOf(outputs);
    }

    /**
     * Parses the {@code model_config} JSON.
     *
     * @throws KerasProblem if it is not JSON or not a Keras model config this importer understands
     */
    static KerasModelConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new KerasProblem("model_config is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new KerasProblem("model_config is not a JSON object");
        }
        String className = root.path("class_name").asText("");
        JsonNode config = root.get("config");
        if (config == null) {
            throw new KerasProblem("model_config has no 'config'");
        }
        switch (className) {
            case "Functional", "Model":
                return functional(config);
            case "Sequential":
                return sequential(config);
            default:
                throw new KerasProblem("model_config describes a '" + className
                        + "'; expected a Keras Functional or Sequential model");
        }
    }

    private static KerasModelConfig functional(JsonNode config) {
        JsonNode layerList = config.get("layers");
        if (layerList == null || !layerList.isArray() || layerList.isEmpty()) {
            throw new KerasProblem("the model config has no layers");
        }
        List<KerasLayer> layers = new ArrayList<>();
        for (JsonNode entry : layerList) {
            String className = className(entry);
            String name = layerName(entry);
            KerasLayer bare = new KerasLayer(name, className, layerConfig(entry, name), List.of());
            layers.add(new KerasLayer(name, className, bare.config(), inboundOf(bare, entry.get("inbound_nodes"))));
        }
        List<String> outputs = new ArrayList<>();
        JsonNode outputList = config.get("output_layers");
        if (outputList == null || !outputList.isArray() || outputList.isEmpty()) {
            throw new KerasProblem("the model config names no output_layers");
        }
        if (outputList.get(0).isTextual()) {
            outputs.add(tensorReference(null, outputList, "output_layers"));
        } else {
            for (JsonNode output : outputList) {
                outputs.add(tensorReference(null, output, "output_layers"));
            }
        }
        return new KerasModelConfig(textOrNull(config.get("name")), topologicalOrder(layers, outputs), outputs);
    }

    private static KerasModelConfig sequential(JsonNode config) {
        JsonNode layerList = config.isArray() ? config : config.get("layers");
        if (layerList == null || !layerList.isArray() || layerList.isEmpty()) {
            throw new KerasProblem("the model config has no layers");
        }
        List<KerasLayer> layers = new ArrayList<>();
        for (JsonNode entry : layerList) {
            String className = className(entry);
            String name = layerName(entry);
            JsonNode layerConfig = layerConfig(entry, name);
            if (layers.isEmpty() && !"InputLayer".equals(className)) {
                JsonNode shape = layerConfig.has("batch_input_shape") ? layerConfig.get("batch_input_shape")
                        : layerConfig.get("batch_shape");
                if (shape == null) {
                    throw new KerasProblem("the Sequential model has no InputLayer and its first layer '" + name
                            + "' declares no batch_input_shape, so the input shape is unknown");
                }
                ObjectNode input = JsonNodeFactory.instance.objectNode();
                input.set("batch_input_shape", shape);
                layers.add(new KerasLayer(name + "_input", "InputLayer", input, List.of()));
            }
            List<String> inbound = layers.isEmpty() ? List.of() : List.of(layers.get(layers.size() - 1).name());
            layers.add(new KerasLayer(name, className, layerConfig, inbound));
        }
        List<String> outputs = List.of(layers.get(layers.size() - 1).name());
        return new KerasModelConfig(config.isArray() ? null : textOrNull(config.get("name")),
                topologicalOrder(layers, outputs), outputs);
    }

    private static String className(JsonNode entry) {
        JsonNode node = entry.get("class_name");
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new KerasProblem("a layer of the model config has no class_name");
        }
        return node.asText();
    }

    private static String layerName(JsonNode entry) {
        JsonNode node = entry.get("name");
        if (node == null || node.isNull()) {
            node = entry.path("config").get("name");
        }
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new KerasProblem("a " + className(entry) + " layer of the model config has no name");
        }
        return node.asText();
    }

    private static JsonNode layerConfig(JsonNode entry, String name) {
        JsonNode config = entry.get("config");
        if (config == null || !config.isObject()) {
            throw new KerasProblem("layer '" + name + "' has no config object");
        }
        return config;
    }

    /** The names read by a Functional layer: one node, whose tensors each name a layer (node 0, tensor 0). */
    private static List<String> inboundOf(KerasLayer layer, JsonNode nodes) {
        if (nodes == null || nodes.isNull() || (nodes.isArray() && nodes.isEmpty())) {
            return List.of();
        }
        if (!nodes.isArray()) {
            throw KerasProblem.at(layer, "inbound_nodes must be a list, got " + nodes);
        }
        if (nodes.size() > 1) {
            throw KerasProblem.at(layer, "the layer is applied " + nodes.size() + " times; shared layers are not supported");
        }
        JsonNode node = nodes.get(0);
        if (node.isObject()) {
            throw KerasProblem.at(layer, "inbound_nodes are in the Keras 3 format; hgq4j reads Keras 2 (tf.keras) "
                    + "HDF5 models, whose nodes look like [[\"name\", 0, 0, {}]]");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw KerasProblem.at(layer, "an inbound node must be a non-empty list, got " + node);
        }
        List<String> inbound = new ArrayList<>();
        for (JsonNode tensor : node) {
            inbound.add(tensorReference(layer, tensor, "inbound_nodes"));
        }
        return inbound;
    }

    /** The layer name of a {@code ["name", node index, tensor index, ...]} reference, which must be node 0, tensor 0. */
    private static String tensorReference(KerasLayer layer, JsonNode tensor, String what) {
        String where = layer == null ? what : layer.describe() + ": " + what;
        if (!tensor.isArray() || tensor.size() < 3 || !tensor.get(0).isTextual()
                || !tensor.get(1).isIntegralNumber() || !tensor.get(2).isIntegralNumber()) {
            throw new KerasProblem(where + ": expected [\"layer name\", node index, tensor index], got " + tensor);
        }
        String name = tensor.get(0).asText();
        if (tensor.get(1).asLong() != 0 || tensor.get(2).asLong() != 0) {
            throw new KerasProblem(where + ": '" + name + "' is referenced as node " + tensor.get(1) + ", tensor "
                    + tensor.get(2) + "; shared and multi-output layers are not supported");
        }
        return name;
    }

    /** The given order wherever the data flow allows; fails on unknown names, duplicates and cycles. */
    private static List<KerasLayer> topologicalOrder(List<KerasLayer> layers, List<String> outputs) {
        Map<String, KerasLayer> byName = new LinkedHashMap<>();
        for (KerasLayer layer : layers) {
            if (byName.putIfAbsent(layer.name(), layer) != null) {
                throw new KerasProblem("two layers are called '" + layer.name() + "'");
            }
        }
        for (KerasLayer layer : layers) {
            for (String input : layer.inbound()) {
                if (!byName.containsKey(input)) {
                    throw KerasProblem.at(layer, "reads '" + input + "', which is not a layer of the model");
                }
            }
        }
        for (String output : outputs) {
            if (!byName.containsKey(output)) {
                throw new KerasProblem("output '" + output + "' is not a layer of the model");
            }
        }
        List<KerasLayer> ordered = new ArrayList<>(layers.size());
        Set<String> placed = new HashSet<>();
        List<KerasLayer> pending = new ArrayList<>(layers);
        while (!pending.isEmpty()) {
            KerasLayer next = pending.stream().filter(l -> placed.containsAll(l.inbound())).findFirst()
                    .orElseThrow(() -> new KerasProblem("the layers " + pending.stream().map(KerasLayer::name).toList()
                            + " form a cycle (or depend on one)"));
            pending.remove(next);
            placed.add(next.name());
            ordered.add(next);
        }
        return ordered;
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
