package io.hgq4j.quantizer.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.NetworkSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code model} section: an input shape and a list of layers, each a one-key mapping naming its kind.
 *
 * <pre>
 * model:
 *   input: [28, 28, 1]
 *   layers:
 *     - conv2d: {filters: 4, kernel: 3, activation: relu}
 *     - max_pool2d: {size: 2}
 *     - flatten: {}
 *     - dense: {units: 10}
 * </pre>
 *
 * Every layer may set {@code name} (default: kind and a counter, {@code dense_2}) and {@code inputs} (default: the
 * previous layer).
 */
final class ModelConfig {

    private ModelConfig() {
    }

    /** The layer kinds, as spelled in configuration files. */
    static final List<String> KINDS = List.of("dense", "conv1d", "conv2d", "max_pool1d", "max_pool2d", "avg_pool1d",
            "avg_pool2d", "flatten", "reshape", "add", "concatenate", "dropout", "activation");

    static NetworkSpec read(ConfigNode model) {
        List<LayerSpec> layers = new ArrayList<>();
        int[] inputShape = model.ints("input", null, 0, 1);
        if (inputShape == null || inputShape.length == 0) {
            throw model.problem("missing input (the shape of one sample, e.g. input: [16])");
        }
        layers.add(new LayerSpec.InputSpec(model.string("input_name", "input"), inputShape));
        Map<String, Integer> counters = new HashMap<>();
        for (ConfigNode item : model.required("layers").items()) {
            String kind = item.soleKey();
            if (!KINDS.contains(kind)) {
                throw item.problem("unknown layer kind '" + kind + "' (expected one of " + String.join(", ", KINDS) + ")");
            }
            ConfigNode layer = item.mapOrEmpty(kind);
            int n = counters.merge(kind, 1, Integer::sum);
            layers.add(layer(kind, layer, kind + "_" + n));
            layer.finish();
            item.finish();
        }
        model.finish();
        try {
            return new NetworkSpec(layers);
        } catch (IllegalArgumentException e) {
            throw model.problem(e.getMessage());
        }
    }

    private static LayerSpec layer(String kind, ConfigNode c, String defaultName) {
        String name = c.string("name", defaultName);
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*") || name.endsWith(".")) {
            throw c.error("a layer name of letters, digits, '_', '-' and '.'");
        }
        List<String> inputs = new ArrayList<>();
        ConfigNode in = c.optional("inputs");
        if (in != null) {
            for (ConfigNode i : in.isScalar() ? List.of(in) : in.items()) {
                inputs.add(i.text());
            }
        }
        int rank = kind.endsWith("1d") ? 1 : 2;
        return switch (kind) {
            case "dense" -> new LayerSpec.DenseSpec(name, inputs, c.integer("units", 0, 1, 1 << 20),
                    c.bool("batch_norm", false), activation(c, false));
            case "conv1d", "conv2d" -> new LayerSpec.ConvSpec(name, inputs, c.integer("filters", 0, 1, 1 << 16),
                    c.ints("kernel", null, rank, 1), c.ints("strides", ones(rank), rank, 1), padding(c),
                    c.bool("batch_norm", false), activation(c, false));
            case "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d" -> {
                int[] size = c.ints("size", null, rank, 1);
                yield new LayerSpec.PoolSpec(name, inputs, kind.startsWith("max"), size, c.ints("strides", size, rank, 1),
                        padding(c));
            }
            case "flatten" -> new LayerSpec.FlattenSpec(name, inputs);
            case "reshape" -> new LayerSpec.ReshapeSpec(name, inputs, c.ints("shape", null, 0, 1));
            case "add" -> new LayerSpec.AddSpec(name, inputs, activation(c, false));
            case "concatenate" -> new LayerSpec.ConcatSpec(name, inputs, c.integer("axis", -1, -8, 8));
            case "dropout" -> new LayerSpec.DropoutSpec(name, inputs, c.number("rate", 0.5, 0, 0.999));
            case "activation" -> new LayerSpec.ActivationSpec(name, inputs, activation(c, true));
            default -> throw new IllegalStateException(kind);
        };
    }

    private static Activation activation(ConfigNode c, boolean tableOnly) {
        ConfigNode a = c.optional(tableOnly ? "function" : "activation");
        if (a == null) {
            if (tableOnly) {
                throw c.problem("missing function (tanh, sigmoid or softmax)");
            }
            return Activation.LINEAR;
        }
        Activation activation = a.choice(Activation.class);
        if (!tableOnly && activation != Activation.LINEAR && activation != Activation.RELU) {
            throw a.error("linear or relu (other functions are tables: add an activation layer)");
        }
        if (tableOnly && (activation == Activation.LINEAR || activation == Activation.RELU)) {
            throw a.error("a table function (tanh, sigmoid, softmax); relu belongs to the previous layer's activation");
        }
        return activation;
    }

    private static Padding padding(ConfigNode c) {
        return c.choice("padding", Padding.VALID, Padding.class);
    }

    private static int[] ones(int rank) {
        int[] v = new int[rank];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    /** The {@code model} section describing {@code spec} (read back, it gives the same network). */
    static ObjectNode write(NetworkSpec spec) {
        ObjectNode model = JsonNodeFactory.instance.objectNode();
        LayerSpec.InputSpec input = (LayerSpec.InputSpec) spec.layers().get(0);
        ints(model.putArray("input"), input.shape());
        if (!input.name().equals("input")) {
            model.put("input_name", input.name());
        }
        ArrayNode layers = model.putArray("layers");
        for (LayerSpec l : spec.layers().subList(1, spec.layers().size())) {
            ObjectNode item = layers.addObject();
            ObjectNode c = item.putObject(kind(l));
            c.put("name", l.name());
            if (!l.inputs().isEmpty()) {
                l.inputs().forEach(c.putArray("inputs")::add);
            }
            if (l instanceof LayerSpec.DenseSpec d) {
                c.put("units", d.units());
                c.put("batch_norm", d.batchNorm());
                c.put("activation", d.activation().keyword());
            } else if (l instanceof LayerSpec.ConvSpec d) {
                c.put("filters", d.filters());
                ints(c.putArray("kernel"), d.kernelSize());
                ints(c.putArray("strides"), d.strides());
                c.put("padding", d.padding().keyword());
                c.put("batch_norm", d.batchNorm());
                c.put("activation", d.activation().keyword());
            } else if (l instanceof LayerSpec.PoolSpec d) {
                ints(c.putArray("size"), d.size());
                ints(c.putArray("strides"), d.strides());
                c.put("padding", d.padding().keyword());
            } else if (l instanceof LayerSpec.ReshapeSpec d) {
                ints(c.putArray("shape"), d.shape());
            } else if (l instanceof LayerSpec.AddSpec d) {
                c.put("activation", d.activation().keyword());
            } else if (l instanceof LayerSpec.ConcatSpec d) {
                c.put("axis", d.axis());
            } else if (l instanceof LayerSpec.DropoutSpec d) {
                c.put("rate", d.rate());
            } else if (l instanceof LayerSpec.ActivationSpec d) {
                c.put("function", d.function().keyword());
            }
        }
        return model;
    }

    private static String kind(LayerSpec l) {
        if (l instanceof LayerSpec.DenseSpec) {
            return "dense";
        } else if (l instanceof LayerSpec.ConvSpec c) {
            return "conv" + c.kernelSize().length + "d";
        } else if (l instanceof LayerSpec.PoolSpec p) {
            return (p.max() ? "max" : "avg") + "_pool" + p.size().length + "d";
        } else if (l instanceof LayerSpec.FlattenSpec) {
            return "flatten";
        } else if (l instanceof LayerSpec.ReshapeSpec) {
            return "reshape";
        } else if (l instanceof LayerSpec.AddSpec) {
            return "add";
        } else if (l instanceof LayerSpec.ConcatSpec) {
            return "concatenate";
        } else if (l instanceof LayerSpec.DropoutSpec) {
            return "dropout";
        } else if (l instanceof LayerSpec.ActivationSpec) {
            return "activation";
        }
        throw new IllegalStateException("no configuration kind for " + l);
    }

    private static void ints(ArrayNode array, int[] values) {
        for (int v : values) {
            array.add(v);
        }
    }
}
