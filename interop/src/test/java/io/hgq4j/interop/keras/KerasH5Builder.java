package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small Keras-2-style HDF5 model files with jhdf's writer, laid out as {@code model.save()} does: the root
 * attribute {@code model_config} (JSON), and under {@code model_weights/<layer>} the datasets with a
 * {@code weight_names} attribute ({@code <layer>/kernel:0} for Dense/Conv/BN, {@code bits:0} for quantizers).
 */
final class KerasH5Builder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String className;
    private final String name;
    private final ArrayNode layers = JSON.arrayNode();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Map<String, Object>> weights = new LinkedHashMap<>();
    private final Map<String, Boolean> nested = new LinkedHashMap<>();
    private String rawConfig;

    private KerasH5Builder(String className, String name) {
        this.className = className;
        this.name = name;
    }

    static KerasH5Builder functional(String name) {
        return new KerasH5Builder("Functional", name);
    }

    static KerasH5Builder sequential(String name) {
        return new KerasH5Builder("Sequential", name);
    }

    /** A layer config object with the layer's name set. */
    static ObjectNode config(String layerName) {
        return JSON.objectNode().put("name", layerName).put("trainable", true).put("dtype", "float32");
    }

    /** Adds a layer reading {@code inputs} (ignored for Sequential models). */
    KerasH5Builder layer(String layerClass, ObjectNode config, String... inputs) {
        ObjectNode entry = JSON.objectNode().put("class_name", layerClass);
        entry.set("config", config);
        if (className.equals("Functional")) {
            entry.put("name", config.get("name").asText());
            ArrayNode nodes = entry.putArray("inbound_nodes");
            if (inputs.length > 0) {
                ArrayNode node = nodes.addArray();
                for (String input : inputs) {
                    node.addArray().add(input).add(0).add(0).addObject();
                }
            }
        }
        layers.add(entry);
        return this;
    }

    KerasH5Builder input(String layerName, int... shape) {
        ObjectNode c = config(layerName);
        ArrayNode s = c.putArray("batch_input_shape").addNull();
        for (int d : shape) {
            s.add(d);
        }
        return layer("InputLayer", c);
    }

    /** A FixedPointQuantizer with arrays given as (multi-dimensional) byte arrays with the leading batch axis. */
    KerasH5Builder quantizer(String layerName, String input, String rnd, String sat, Object bits, Object integers,
                             Object keepNegative) {
        ObjectNode c = config(layerName).put("RND", rnd).put("SAT", sat).put("fusible", false);
        c.putObject("overrides");
        layer("FixedPointQuantizer", c, input);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("keep_negative", keepNegative);
        w.put("bits", bits);
        w.put("integers", integers);
        weights.put(layerName, w);
        nested.put(layerName, false);
        return this;
    }

    /** A quantizer whose every element has the same (bits, integers, keep_negative). */
    KerasH5Builder uniformQuantizer(String layerName, String input, String rnd, String sat, int bits, int integers,
                                    int keepNegative) {
        return quantizer(layerName, input, rnd, sat, new byte[] {(byte) bits}, new byte[] {(byte) integers},
                new byte[] {(byte) keepNegative});
    }

    /** Datasets of a layer with trainable weights, stored at model_weights/name/name/w:0. */
    KerasH5Builder weights(String layerName, Map<String, Object> arrays) {
        weights.put(layerName, new LinkedHashMap<>(arrays));
        nested.put(layerName, true);
        return this;
    }

    KerasH5Builder output(String layerName) {
        outputs.add(layerName);
        return this;
    }

    /** Replaces the model_config attribute by this text. */
    KerasH5Builder rawConfig(String json) {
        this.rawConfig = json;
        return this;
    }

    String configJson() {
        ObjectNode root = JSON.objectNode().put("class_name", className);
        ObjectNode config = root.putObject("config").put("name", name);
        config.set("layers", layers);
        if (className.equals("Functional")) {
            ArrayNode in = config.putArray("input_layers");
            ArrayNode out = config.putArray("output_layers");
            layers.forEach(l -> {
                if (l.get("class_name").asText().equals("InputLayer")) {
                    in.addArray().add(l.get("name").asText()).add(0).add(0);
                }
            });
            outputs.forEach(o -> out.addArray().add(o).add(0).add(0));
        }
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Path write(Path file) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putAttribute("model_config", rawConfig != null ? rawConfig : configJson());
            f.putAttribute("keras_version", "2.13.1");
            f.putAttribute("backend", "tensorflow");
            WritableGroup root = f.putGroup("model_weights");
            for (var layer : weights.entrySet()) {
                String layerName = layer.getKey();
                WritableGroup group = root.putGroup(layerName);
                boolean inner = nested.get(layerName);
                WritableGroup target = inner ? group.putGroup(layerName) : group;
                List<String> names = new ArrayList<>();
                for (var w : layer.getValue().entrySet()) {
                    target.putDataset(w.getKey() + ":0", w.getValue());
                    names.add((inner ? layerName + "/" : "") + w.getKey() + ":0");
                }
                group.putAttribute("weight_names", names.toArray(String[]::new));
            }
        }
        return file;
    }
}
