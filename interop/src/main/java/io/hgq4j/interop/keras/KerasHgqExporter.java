package io.hgq4j.interop.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Exports a {@link FirmwareModel} as an HGQ "proxy" model: a Keras 2 HDF5 file laid out like {@code model.save("m.h5")}
 * of tf.keras 2.13 with HGQ's {@code FixedPointQuantizer} layers, which {@link KerasHgqImporter} reads back into the
 * same model and which Keras/HGQ tools in Python can load.
 *
 * <ul>
 *   <li>Root attributes {@code model_config} (a {@code Functional} config as JSON), {@code keras_version} (the
 *       model's {@code keras_version} metadata, else {@value #KERAS_VERSION}) and {@code backend}
 *       ({@value #BACKEND}); group {@code model_weights} with attributes {@code layer_names}, {@code backend},
 *       {@code keras_version} and one group per layer, whose attribute {@code weight_names} lists its datasets.</li>
 *   <li>An {@code Input} becomes an {@code InputLayer} of the same name read by a {@code FixedPointQuantizer}
 *       ({@code <input>_quantizer}) holding its element types; a {@code Quantize} becomes a {@code FixedPointQuantizer}.
 *       A quantizer stores per-element {@code keep_negative}, {@code bits}, {@code integers} as int8 arrays of shape
 *       [1, ...] in which every axis along which the types do not change has extent 1 ({@code [1]} when all are
 *       equal), as HGQ does, and one {@code RND} / {@code SAT} mode in its config.</li>
 *   <li>{@code Dense} and {@code Conv} become {@code Dense}, {@code Conv1D}, {@code Conv2D} (channels_last, linear
 *       activation) with float32 {@code kernel:0} / {@code bias:0} datasets holding exactly the fixed-point
 *       constants; an all-zero bias is written as {@code use_bias: false}. {@code Pool} becomes
 *       {@code Max/AveragePooling1D/2D}, {@code Reshape} a {@code Flatten} (to rank 1) or {@code Reshape},
 *       {@code Relu} an {@code Activation} relu, {@code Add} and {@code Concatenate} their Keras layers.</li>
 * </ul>
 *
 * <p>jhdf adds a root attribute {@code _jHDF} (its version), and the file has one more root dataset,
 * {@value #TRAILING_DATASET} (int32 [1], see {@link #write}); Keras ignores both. Layer groups without weights get no
 * {@code weight_names} attribute (Keras writes an empty float64 array, which jhdf cannot write; Keras and h5py read a
 * missing one as "no weights"). Strings are fixed-length, null-terminated UTF-8 as h5py's {@code S} strings.
 *
 * <p>Layer names are kept, so {@code KerasHgqImporter.read(file)} gives back the model with the same layers; only each
 * weight element's type becomes the narrowest one holding its value (the importer cannot know the declared type) and
 * the metadata is the importer's. Models with other layers (table lookups, softmax), with a quantizer mixing modes,
 * modes HGQ has no counterpart for, more than 127 integer bits, or a constant that float32 cannot hold exactly, fail
 * with an {@link ExportException} naming the layer, before anything is written.
 */
public final class KerasHgqExporter {

    /** The Keras version written when the model's metadata names none (the tf.keras of HGQ's proxy models). */
    public static final String KERAS_VERSION = "2.13.1";

    /** The backend attribute written. */
    public static final String BACKEND = "tensorflow";

    /** The rounding modes an HGQ {@code FixedPointQuantizer} implements (its {@code RND} config). */
    public static final Set<Quantization> ROUNDINGS = Set.copyOf(EnumSet.of(Quantization.TRN, Quantization.RND,
            Quantization.RND_CONV));

    /** The overflow modes an HGQ {@code FixedPointQuantizer} implements (its {@code SAT} config). */
    public static final Set<Overflow> OVERFLOWS = Set.copyOf(EnumSet.of(Overflow.WRAP, Overflow.SAT, Overflow.SAT_SYM));

    /** The name of the small root dataset written last, int32 [1], the export format version (see {@link #write}). */
    public static final String TRAILING_DATASET = "hgq4j_exporter";

    private static final String EXPORTABLE = "input, dense, conv, pool, reshape, relu, add, concatenate, quantize";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KerasHgqExporter() {
    }

    /** One dataset: its path relative to the layer's group (e.g. {@code dense_1/kernel:0}) and a nested Java array. */
    record Weight(String path, Object data) {
    }

    /** One Keras layer's weights group (possibly without weights). */
    record LayerWeights(String layer, List<Weight> weights) {
    }

    /**
     * Everything the file will hold, computed and checked before anything is written.
     *
     * @param modelConfig  the model_config JSON, layers in the firmware model's order
     * @param kerasVersion the keras_version attribute
     * @param layers       the layer groups in the order Keras lists the rebuilt model's layers ({@link #kerasOrder})
     */
    record Plan(String modelConfig, String kerasVersion, List<LayerWeights> layers) {
    }

    /**
     * Writes {@code model} to {@code file} (created or replaced; on failure nothing is left behind). The file ends
     * with the small root dataset {@value #TRAILING_DATASET}: jhdf 0.9.4 appends its info block at the end of the last
     * dataset's data, which would overwrite a layer group written after it.
     *
     * @throws ExportException if the model cannot be expressed as an HGQ proxy model, naming the layer and the problem
     * @throws IOException     if the file cannot be written
     */
    public static void write(FirmwareModel model, Path file) throws IOException {
        Plan plan = plan(model);
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writeHdf5(plan, temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The model config and weights of {@code model}, checked.
     *
     * @throws ExportException if the model cannot be expressed as an HGQ proxy model
     */
    static Plan plan(FirmwareModel model) {
        return new Planner(model).plan();
    }

    private static void writeHdf5(Plan plan, Path path) throws IOException {
        try (WritableHdfFile hdf = HdfFile.write(path)) {
            hdf.putAttribute("backend", BACKEND);
            hdf.putAttribute("keras_version", plan.kerasVersion());
            hdf.putAttribute("model_config", plan.modelConfig());
            WritableGroup weights = hdf.putGroup("model_weights");
            weights.putAttribute("layer_names", plan.layers().stream().map(LayerWeights::layer).toArray(String[]::new));
            weights.putAttribute("backend", BACKEND);
            weights.putAttribute("keras_version", plan.kerasVersion());
            for (LayerWeights layer : plan.layers()) {
                WritableGroup group = weights.putGroup(layer.layer());
                if (layer.weights().isEmpty()) {
                    continue;    // Keras writes an empty weight_names; a missing one reads the same (no weights)
                }
                group.putAttribute("weight_names", layer.weights().stream().map(Weight::path).toArray(String[]::new));
                Map<String, WritableGroup> subgroups = new HashMap<>();
                for (Weight weight : layer.weights()) {
                    WritableGroup parent = group;
                    String[] parts = weight.path().split("/");
                    StringBuilder prefix = new StringBuilder();
                    for (int i = 0; i < parts.length - 1; i++) {
                        prefix.append('/').append(parts[i]);
                        WritableGroup outer = parent;
                        String part = parts[i];
                        parent = subgroups.computeIfAbsent(prefix.toString(), k -> outer.putGroup(part));
                    }
                    parent.putDataset(parts[parts.length - 1], weight.data());
                }
            }
            putTrailingDataset(hdf);
        } catch (RuntimeException e) {
            throw new IOException(path + ": cannot write the HDF5 file (" + KerasHgqImporter.describe(e) + ")", e);
        }
    }

    /**
     * Works around a jhdf 0.9.4 writer bug: on close it appends its own info block at the file channel's position,
     * which is the end of the last dataset's data, overwriting any group header written after that data (the file
     * then fails to open with "Object header v2 signature not matched"). Groups are written depth-first in the
     * iteration order of their children, so a small root dataset that iterates after {@code model_weights} makes a
     * dataset's data the last thing written. It holds the exporter's format version, [1]; Keras ignores it.
     */
    private static void putTrailingDataset(WritableHdfFile hdf) {
        List<String> existing = new ArrayList<>(hdf.getChildren().keySet());
        for (int n = 0; n < 1000; n++) {
            String name = n == 0 ? TRAILING_DATASET : TRAILING_DATASET + "_" + n;
            Map<String, Boolean> simulated = new ConcurrentHashMap<>();     // jhdf keeps children in one
            existing.forEach(child -> simulated.put(child, true));
            simulated.put(name, true);
            if (last(simulated.keySet()).equals(name)) {
                hdf.putDataset(name, new int[] {1});
                if (!last(hdf.getChildren().keySet()).equals(name)) {
                    throw new IllegalStateException("jhdf does not write the trailing dataset last");
                }
                return;
            }
        }
        throw new IllegalStateException("no trailing dataset name iterates last in the root group");
    }

    private static String last(Iterable<String> names) {
        String last = null;
        for (String name : names) {
            last = name;
        }
        return last;
    }

    /** The conversion of one model. */
    private static final class Planner {

        private final FirmwareModel model;
        private final NameTable names = new NameTable();
        private final Map<String, String> kerasTensor = new HashMap<>();   // firmware layer → Keras layer of its output
        private final ArrayNode layers = NODES.arrayNode();
        private final ArrayNode inputLayers = NODES.arrayNode();
        private final List<LayerWeights> weights = new ArrayList<>();
        private final Map<String, List<String>> inbound = new LinkedHashMap<>();   // Keras layer → layers it reads

        Planner(FirmwareModel model) {
            this.model = model;
            for (Layer layer : model.layers()) {
                names.claim(layer.name());
            }
        }

        Plan plan() {
            for (Layer layer : model.layers()) {
                convert(layer);
            }
            ObjectNode config = NODES.objectNode();
            config.put("name", model.name());
            config.put("trainable", true);
            config.set("layers", layers);
            config.set("input_layers", inputLayers);
            ArrayNode outputs = config.putArray("output_layers");
            for (String output : model.outputs()) {
                outputs.add(reference(kerasTensor.get(output)));
            }
            String recorded = model.metadata().get("keras_version");
            String kerasVersion = recorded != null && recorded.matches("[0-9A-Za-z.+-]{1,40}") ? recorded : KERAS_VERSION;
            ObjectNode root = NODES.objectNode();
            root.put("class_name", "Functional");
            root.set("config", config);
            root.put("keras_version", kerasVersion);
            root.put("backend", BACKEND);
            try {
                Map<String, LayerWeights> byName = new LinkedHashMap<>();
                weights.forEach(w -> byName.put(w.layer(), w));
                List<String> outputNames = model.outputs().stream().map(kerasTensor::get).toList();
                List<LayerWeights> ordered = kerasOrder(inbound, outputNames).stream().map(byName::get).toList();
                return new Plan(JSON.writeValueAsString(root), kerasVersion, ordered);
            } catch (JsonProcessingException e) {
                throw new ExportException("model '" + model.name() + "': cannot write the model config ("
                        + e.getOriginalMessage() + ")", e);
            }
        }

        private void convert(Layer layer) {
            if (layer instanceof Input input) {
                ObjectNode config = layerConfig(input.name());
                ArrayNode shape = config.putArray("batch_input_shape").addNull();
                Arrays.stream(input.type().shape().dims()).forEach(shape::add);
                config.put("dtype", "float32");
                config.put("sparse", false);
                config.put("ragged", false);
                add(input.name(), "InputLayer", config, List.of(), List.of());
                inputLayers.add(reference(input.name()));
                String quantizer = names.claim(input.name() + "_quantizer");
                quantizer(layer, quantizer, input.type(), List.of(input.name()));
                kerasTensor.put(input.name(), quantizer);
            } else if (layer instanceof Quantize q) {
                quantizer(layer, q.name(), q.target(), List.of(kerasTensor.get(q.input())));
                kerasTensor.put(q.name(), q.name());
            } else if (layer instanceof Dense dense) {
                ObjectNode config = trainable(dense.name());
                config.put("units", dense.units());
                config.put("activation", "linear");
                List<Weight> w = kernelAndBias(layer, dense.kernel(), dense.bias(), config);
                add(dense.name(), "Dense", config, List.of(dense.input()), w);
            } else if (layer instanceof Conv conv) {
                int rank = conv.spatialRank();
                ObjectNode config = trainable(conv.name());
                config.put("filters", conv.filters());
                ints(config, "kernel_size", rank == 2 ? new int[] {conv.kernelHeight(), conv.kernelWidth()}
                        : new int[] {conv.kernel().shape().dim(0)});
                ints(config, "strides", rank == 2 ? new int[] {conv.strideHeight(), conv.strideWidth()}
                        : new int[] {conv.strideWidth()});
                config.put("padding", conv.padding().keyword());
                config.put("data_format", "channels_last");
                ints(config, "dilation_rate", rank == 2 ? new int[] {1, 1} : new int[] {1});
                config.put("groups", 1);
                config.put("activation", "linear");
                List<Weight> w = kernelAndBias(layer, conv.kernel(), conv.bias(), config);
                add(conv.name(), rank == 2 ? "Conv2D" : "Conv1D", config, List.of(conv.input()), w);
            } else if (layer instanceof Pool pool) {
                ObjectNode config = trainable(pool.name());
                boolean two = pool.spatialRank() == 2;
                ints(config, "pool_size", two ? new int[] {pool.poolHeight(), pool.poolWidth()}
                        : new int[] {pool.poolWidth()});
                config.put("padding", pool.padding().keyword());
                ints(config, "strides", two ? new int[] {pool.strideHeight(), pool.strideWidth()}
                        : new int[] {pool.strideWidth()});
                config.put("data_format", "channels_last");
                String className = (pool.reduction() == Pool.Reduction.MAX ? "MaxPooling" : "AveragePooling")
                        + pool.spatialRank() + "D";
                add(pool.name(), className, config, List.of(pool.input()), List.of());
            } else if (layer instanceof Reshape reshape) {
                ObjectNode config = trainable(reshape.name());
                if (reshape.shape().rank() == 1 && model.outputType(reshape.input()).shape().rank() > 1) {
                    config.put("data_format", "channels_last");
                    add(reshape.name(), "Flatten", config, List.of(reshape.input()), List.of());
                } else {
                    ints(config, "target_shape", reshape.shape().dims());
                    add(reshape.name(), "Reshape", config, List.of(reshape.input()), List.of());
                }
            } else if (layer instanceof Relu relu) {
                ObjectNode config = trainable(relu.name());
                config.put("activation", "relu");
                add(relu.name(), "Activation", config, List.of(relu.input()), List.of());
            } else if (layer instanceof Add sum) {
                add(sum.name(), "Add", trainable(sum.name()), sum.inputs(), List.of());
            } else if (layer instanceof Concatenate concat) {
                ObjectNode config = trainable(concat.name());
                config.put("axis", concat.axis() + 1);     // Keras counts the batch axis
                add(concat.name(), "Concatenate", config, concat.inputs(), List.of());
            } else {
                throw problem(layer, "has no HGQ proxy Keras form; exportable layer kinds: " + EXPORTABLE);
            }
        }

        /** Adds a layer reading the outputs of firmware-model layers {@code inputs}; its output is itself. */
        private void add(String name, String className, ObjectNode config, List<String> inputs, List<Weight> w) {
            List<String> inbound = inputs.stream().map(kerasTensor::get).toList();
            addKeras(name, className, config, inbound, w);
            kerasTensor.put(name, name);
        }

        private void addKeras(String name, String className, ObjectNode config, List<String> inbound, List<Weight> w) {
            ObjectNode entry = NODES.objectNode();
            entry.put("class_name", className);
            entry.set("config", config);
            entry.put("name", name);
            ArrayNode nodes = entry.putArray("inbound_nodes");
            if (!inbound.isEmpty()) {
                ArrayNode node = nodes.addArray();
                for (String in : inbound) {
                    node.addArray().add(in).add(0).add(0).addObject();
                }
            }
            layers.add(entry);
            weights.add(new LayerWeights(name, List.copyOf(w)));
            this.inbound.put(name, List.copyOf(inbound));
        }

        private void quantizer(Layer layer, String name, TensorType types, List<String> inbound) {
            Shape shape = types.shape();
            int n = types.size();
            byte[] k = new byte[n];
            byte[] b = new byte[n];
            byte[] i = new byte[n];
            Map<String, Integer> modes = new LinkedHashMap<>();
            Quantization rounding = Quantization.TRN;
            Overflow overflow = Overflow.WRAP;
            for (int e = 0; e < n; e++) {
                FixedType t = types.typeAt(e);
                if (t.isZero()) {
                    continue;
                }
                if (t.width() > FixedType.MAX_VALUE_WIDTH || t.intBits() < Byte.MIN_VALUE || t.intBits() > Byte.MAX_VALUE) {
                    throw problem(layer, "element " + e + " has type " + t + "; HGQ stores bits and integers as int8, "
                            + "so integers must be in -128..127 (and bits at most " + FixedType.MAX_VALUE_WIDTH + ")");
                }
                k[e] = (byte) (t.signed() ? 1 : 0);
                b[e] = (byte) t.width();
                i[e] = (byte) t.intBits();
                modes.putIfAbsent(t.quantization() + ", " + t.overflow(), e);
                rounding = t.quantization();
                overflow = t.overflow();
            }
            if (modes.size() > 1) {
                throw problem(layer, "mixes modes " + modes.entrySet().stream()
                        .map(m -> m.getKey() + " (element " + m.getValue() + ")").collect(Collectors.joining(" and "))
                        + "; a FixedPointQuantizer has one RND and one SAT mode for all elements");
            }
            if (!ROUNDINGS.contains(rounding) || !OVERFLOWS.contains(overflow)) {
                throw problem(layer, "uses modes " + rounding + ", " + overflow + "; HGQ's FixedPointQuantizer implements "
                        + "only RND in " + sorted(ROUNDINGS) + " and SAT in " + sorted(OVERFLOWS));
            }
            int[] dims = broadcastDims(shape, k, b, i);
            ObjectNode config = layerConfig(name);
            config.put("trainable", false);
            config.put("dtype", "float32");
            config.put("RND", rounding.name());
            config.put("SAT", overflow.name());
            ints(config, "shape", dims);
            config.putObject("overrides").putObject("layers");
            config.put("fusible", false);
            List<Weight> w = List.of(
                    new Weight("keep_negative:0", nested(byte.class, dims, reduce(shape, dims, k))),
                    new Weight("bits:0", nested(byte.class, dims, reduce(shape, dims, b))),
                    new Weight("integers:0", nested(byte.class, dims, reduce(shape, dims, i))));
            addKeras(name, "FixedPointQuantizer", config, inbound, w);
        }

        private List<Weight> kernelAndBias(Layer layer, FixedTensor kernel, FixedTensor bias, ObjectNode config) {
            boolean useBias = bias.countNonZero() > 0;
            config.put("use_bias", useBias);
            List<Weight> w = new ArrayList<>();
            w.add(new Weight(layer.name() + "/kernel:0",
                    nested(float.class, kernel.shape().dims(), floats(layer, "kernel", kernel))));
            if (useBias) {
                w.add(new Weight(layer.name() + "/bias:0",
                        nested(float.class, bias.shape().dims(), floats(layer, "bias", bias))));
            }
            return w;
        }

        /** Every element as the float32 of exactly its value, or a failure naming the element. */
        private float[] floats(Layer layer, String weight, FixedTensor tensor) {
            float[] values = new float[tensor.size()];
            for (int e = 0; e < values.length; e++) {
                BigDecimal exact = tensor.get(e).toBigDecimal();
                float f = exact.floatValue();
                if (!Float.isFinite(f) || new BigDecimal(f).compareTo(exact) != 0) {
                    throw problem(layer, weight + " element " + e + " (of shape " + tensor.shape() + ") is "
                            + tensor.get(e) + ", which float32 cannot hold exactly (Keras stores weights as float32)");
                }
                values[e] = f;
            }
            return values;
        }

        private ExportException problem(Layer layer, String message) {
            return new ExportException("model '" + model.name() + "': layer '" + layer.name() + "' (" + layer.op()
                    + ") " + message);
        }
    }

    /**
     * The order in which tf.keras 2 lists the layers of a Functional model it rebuilds from a config (its
     * {@code _map_graph_network}): by decreasing depth (the longest path to an output), ties in the order a depth-first
     * walk from the outputs over the inbound layers first meets them; layers no output depends on come last. Keras
     * matches the file's weight groups ({@code layer_names}, those with weights) to the rebuilt model's layers by this
     * position, so {@code layer_names} must follow it; for a chain it is simply the chain's order.
     *
     * @param inbound every layer (in config order) with the layers it reads
     * @param outputs the output layers, in order
     */
    static List<String> kerasOrder(Map<String, List<String>> inbound, List<String> outputs) {
        Map<String, Integer> discovered = new LinkedHashMap<>();
        List<String> postOrder = new ArrayList<>();
        Set<String> finished = new HashSet<>();
        for (String output : outputs) {
            walk(output, inbound, discovered, finished, postOrder);
        }
        Map<String, Integer> depth = new HashMap<>();
        for (int j = postOrder.size() - 1; j >= 0; j--) {
            String layer = postOrder.get(j);
            int d = depth.getOrDefault(layer, 0);
            depth.put(layer, d);
            for (String parent : inbound.get(layer)) {
                depth.merge(parent, d + 1, Math::max);
            }
        }
        List<String> order = new ArrayList<>(discovered.keySet());
        order.sort((x, y) -> depth.get(x).equals(depth.get(y)) ? Integer.compare(discovered.get(x), discovered.get(y))
                : Integer.compare(depth.get(y), depth.get(x)));
        inbound.keySet().stream().filter(layer -> !discovered.containsKey(layer)).forEach(order::add);
        return order;
    }

    private static void walk(String layer, Map<String, List<String>> inbound, Map<String, Integer> discovered,
                             Set<String> finished, List<String> postOrder) {
        if (finished.contains(layer)) {
            return;
        }
        discovered.putIfAbsent(layer, discovered.size());
        for (String parent : inbound.get(layer)) {
            walk(parent, inbound, discovered, finished, postOrder);
        }
        if (finished.add(layer)) {
            postOrder.add(layer);
        }
    }

    private static String sorted(Set<? extends Enum<?>> modes) {
        return modes.stream().sorted().map(Enum::name).collect(Collectors.joining("/"));
    }

    private static ObjectNode layerConfig(String name) {
        ObjectNode config = NODES.objectNode();
        config.put("name", name);
        return config;
    }

    private static ObjectNode trainable(String name) {
        ObjectNode config = layerConfig(name);
        config.put("trainable", true);
        config.put("dtype", "float32");
        return config;
    }

    private static ArrayNode reference(String kerasLayer) {
        return NODES.arrayNode().add(kerasLayer).add(0).add(0);
    }

    private static void ints(ObjectNode config, String key, int[] values) {
        ArrayNode array = config.putArray(key);
        Arrays.stream(values).forEach(array::add);
    }

    /**
     * The quantizer array shape: [1] when all elements agree, else [1, d...] where d is 1 along every axis along which
     * none of the three arrays changes and the tensor's extent elsewhere.
     */
    static int[] broadcastDims(Shape shape, byte[]... arrays) {
        int rank = shape.rank();
        int[] reduced = new int[rank];
        boolean all = true;
        int stride = 1;
        for (int a = rank - 1; a >= 0; a--) {
            int extent = shape.dim(a);
            boolean constant = true;
            for (int e = 0; e < shape.size() && constant; e++) {
                int coordinate = (e / stride) % extent;
                if (coordinate != 0) {
                    int base = e - coordinate * stride;
                    for (byte[] array : arrays) {
                        if (array[e] != array[base]) {
                            constant = false;
                            break;
                        }
                    }
                }
            }
            reduced[a] = constant ? 1 : extent;
            all &= constant;
            stride *= extent;
        }
        if (all) {
            return new int[] {1};
        }
        int[] dims = new int[rank + 1];
        dims[0] = 1;
        System.arraycopy(reduced, 0, dims, 1, rank);
        return dims;
    }

    /** The elements of {@code full} (row-major over {@code shape}) at the positions of the broadcast array {@code dims}. */
    private static byte[] reduce(Shape shape, int[] dims, byte[] full) {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        byte[] out = new byte[size];
        int rank = shape.rank();
        int offset = dims.length - rank;          // dims axis = shape axis + offset (offset 1, or 1 - rank for [1])
        int[] index = new int[rank];
        for (int r = 0; r < size; r++) {
            // decompose r over the trailing rank axes of dims (all 1 for [1]), mapping to the full flat index
            int rest = r;
            for (int a = rank - 1; a >= 0; a--) {
                int extent = a + offset >= 0 ? dims[a + offset] : 1;
                index[a] = rest % extent;
                rest /= extent;
            }
            out[r] = full[shape.flatIndex(index)];
        }
        return out;
    }

    /** A nested primitive array of {@code dims} holding the row-major {@code flat} values (float[] or byte[]). */
    private static Object nested(Class<?> component, int[] dims, Object flat) {
        Object array = Array.newInstance(component, dims);
        fill(array, dims, 0, flat, new int[] {0});
        return array;
    }

    private static void fill(Object array, int[] dims, int axis, Object flat, int[] next) {
        if (axis == dims.length - 1) {
            System.arraycopy(flat, next[0], array, 0, dims[axis]);
            next[0] += dims[axis];
            return;
        }
        for (int j = 0; j < dims[axis]; j++) {
            fill(Array.get(array, j), dims, axis + 1, flat, next);
        }
    }
}
