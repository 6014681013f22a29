package io.hgq4j.interop.qkeras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.interop.keras.H5Datasets;
import io.hgq4j.interop.qkeras.QuantizerSpec.Problem;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.InvalidModelException;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Imports a QKeras model (Keras 2, TensorFlow backend) into a {@link FirmwareModel} that computes exactly what QKeras
 * computes at inference, with every floating-point operation done exactly. Two inputs are accepted: a model JSON
 * ({@code model.to_json()}) with its weights in {@code <stem>_weights.h5} beside it ({@code model.save_weights}), or
 * one HDF5 file ({@code model.save("m.h5")}) holding the JSON in its {@code model_config} attribute.
 *
 * <h2>How QKeras computes, and how each piece maps</h2>
 * QKeras layers compute in float32 exactly as Keras does, except that {@code QDense}/{@code QConv*} first pass their
 * kernel and bias through {@code kernel_quantizer}/{@code bias_quantizer} and {@code QActivation} applies a
 * quantizer to a tensor. At inference ({@code qnoise_factor = 1}, no stochastic rounding) the quantizers are:
 * <ul>
 *   <li>{@code quantized_bits(bits, integer, symmetric, keep_negative, alpha)}: with {@code m = 2^(bits −
 *       keep_negative)} and {@code m_i = 2^integer},
 *       {@code q(x) = m_i · clip(round(x · m / m_i), keep_negative · (−m + symmetric), m − 1) / m}, times
 *       {@code alpha} (a scale of 1 for {@code alpha = 1} or {@code None}). {@code round} is {@code tf.round}, which
 *       rounds half to even. The results are the integers in the clip range times {@code 2^(integer − bits +
 *       keep_negative)}: the value set of {@code fixed<bits, integer + 1>} (signed) or {@code ufixed<bits, integer>}
 *       (keep_negative = 0). Round-then-clip is conversion with rounding {@code RND_CONV} (half to even) and overflow
 *       {@code SAT}; with {@code symmetric = 1} the lower bound is {@code −(m − 1)}, which is {@code SAT_SYM}.
 *       So {@code quantized_bits(b, i, keep_negative=1, symmetric=s)} ≡ {@code fixed<b, i+1, RND_CONV, SAT|SAT_SYM>}.
 *       </li>
 *   <li>{@code quantized_relu(bits, integer)}: {@code relu}, then with {@code m = 2^bits},
 *       {@code q(x) = m_i · clip(round(relu(x) · m / m_i), 0, m − 1) / m} (newer QKeras clips to
 *       {@code m_i − m_i/m} before rounding, the same result as that bound is on the grid). Since a negative value
 *       rounds to at most 0 and unsigned saturation makes it 0, this is exactly the conversion to
 *       {@code ufixed<bits, integer, RND_CONV, SAT>}: relu and quantizer become one {@code Quantize}.</li>
 *   <li>Weights are constants: the quantizer is applied to the stored float32 kernel and bias here, with the mapped
 *       type's modes, giving the same values QKeras multiplies with.</li>
 *   <li>Sums and products of quantized values are exact in the firmware model (its accumulators are as wide as
 *       needed). QKeras/TensorFlow sums in float32, which is exact while a result needs at most 24 significant bits;
 *       beyond that float32 rounds and the firmware model is the exact version of the computation.</li>
 *   <li>The first layer's input is a real number in QKeras but needs a type in firmware: the input layer takes the
 *       user {@link Precision} (with its rounding/overflow modes), like every layer without a quantizer.</li>
 * </ul>
 * Rejected because no fixed-point type reproduces them: {@code alpha} other than 1/None (including
 * {@code "auto"}/{@code "auto_po2"}), stochastic rounding, {@code qnoise_factor ≠ 1}, {@code quantized_relu} with
 * {@code negative_slope}, {@code use_sigmoid} or {@code relu_upper_bound}, 1-bit {@code quantized_bits}, and every
 * other quantizer class ({@code quantized_po2}, {@code quantized_relu_po2}, {@code binary}, {@code ternary},
 * {@code stochastic_*}, {@code quantized_tanh}, {@code quantized_sigmoid}, ...).
 *
 * <h2>Layers</h2>
 * <ul>
 *   <li>{@code InputLayer} (or the {@code batch_input_shape} of a Sequential model's first layer) → {@code Input}
 *       of the user type for that layer name (required).</li>
 *   <li>{@code QDense}, {@code QConv1D}, {@code QConv2D}: quantized kernel and bias as above; a missing
 *       ({@code None}) quantizer takes the user type given for the layer (or the default), and without one the
 *       stored float32 values exactly, as QKeras uses them. The result is the exact accumulator. {@code Dense}, {@code Conv1D},
 *       {@code Conv2D}: kernel, bias and result converted to the user type of the layer (an extra {@code Quantize}
 *       named {@code <layer>_q}). Conv: channels_last, valid/same padding, strides, no dilation or groups.</li>
 *   <li>A layer's {@code activation}: {@code linear} is nothing, {@code relu} a {@code Relu}, a quantizer (QKeras
 *       allows {@code activation="quantized_relu(6,0)"}) a {@code Quantize}. {@code QActivation}/{@code Activation}
 *       the same. A {@code softmax} as the model's last activation (standalone or a Dense's own) is dropped (the model outputs the logits; the metadata
 *       entry {@code dropped_softmax} names it): a float softmax has no exact fixed-point form.</li>
 *   <li>{@code BatchNormalization} directly after a Dense/Conv layer (its only reader) is folded into that layer's
 *       (already quantized) kernel and bias in float32 and the folded values are taken exactly. This is the one
 *       step that matches QKeras only up to float32 rounding; BatchNormalization anywhere else is rejected.</li>
 *   <li>{@code MaxPooling1D/2D}, {@code Flatten}, {@code Dropout} (nothing), {@code ReLU} (plain).</li>
 * </ul>
 * Only chains are supported (every layer reads the one before it in the data flow). Errors are one-line
 * {@link QKerasImportException}s naming the file, the layer and the option.
 */
public final class QKerasImporter {

    /** The value of the {@code importer} metadata entry. */
    public static final String IMPORTER = "hgq4j qkeras";

    /** Files larger than this are refused. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private static final Set<String> SUPPORTED = new TreeSet<>(List.of("InputLayer", "QDense", "QConv1D", "QConv2D",
            "QActivation", "Dense", "Conv1D", "Conv2D", "Activation", "ReLU", "BatchNormalization", "MaxPooling1D",
            "MaxPooling2D", "Flatten", "Dropout"));

    private QKerasImporter() {
    }

    /**
     * {@link #read(Path, Precision)} without a user precision: every layer, the input included, must then carry its
     * own quantizer, which a Keras input never does, so this fails with a message asking for the input's type. It
     * exists to report that clearly; pass a precision.
     *
     * @throws IOException           if a file cannot be read
     * @throws QKerasImportException if the model is not one the importer supports
     */
    public static FirmwareModel read(Path jsonOrH5) throws IOException {
        return read(jsonOrH5, Precision.none());
    }

    /**
     * Reads and converts a QKeras model.
     *
     * @param jsonOrH5      a model JSON (weights in {@code <stem>_weights.h5} beside it) or a full-model {@code .h5}
     * @param userPrecision types for the input and for layers without a quantizer
     * @throws IOException           if a file cannot be read (missing, not readable)
     * @throws QKerasImportException if the model is damaged or not one the importer supports, naming the file, the
     *                               layer and the problem
     */
    public static FirmwareModel read(Path jsonOrH5, Precision userPrecision) throws IOException {
        Precision precision = userPrecision == null ? Precision.none() : userPrecision;
        byte[] bytes = readLimited(jsonOrH5);
        Path name = jsonOrH5.getFileName();
        String fileName = name == null ? jsonOrH5.toString() : name.toString();
        if (startsWith(bytes, ZIP_MAGIC)) {
            throw new QKerasImportException(jsonOrH5 + ": this is a zip archive (a Keras 3 .keras file?); give a Keras 2 "
                    + "model JSON with its _weights.h5, or a Keras 2 .h5 file");
        }
        if (startsWith(bytes, HDF5_SIGNATURE)) {
            return withFile(jsonOrH5.toString(), () -> {
                try (HdfFile h5 = openH5(bytes)) {
                    String json = modelConfig(h5);
                    Node weights = guard("cannot read the weights", () -> h5.getChild("model_weights"));
                    return convert(json, weights instanceof Group g ? g : h5, precision, fileName);
                }
            });
        }
        Path weightsPath = weightsFileFor(jsonOrH5);
        if (!Files.isRegularFile(weightsPath)) {
            throw new QKerasImportException(jsonOrH5 + ": no weights file " + weightsPath.getFileName()
                    + " beside the model JSON (expected <stem>_weights.h5 from model.save_weights)");
        }
        byte[] weightBytes = readLimited(weightsPath);
        String json = new String(bytes, StandardCharsets.UTF_8);
        return withFile(jsonOrH5.toString(), () -> {
            if (!startsWith(weightBytes, HDF5_SIGNATURE)) {
                throw new Problem(weightsPath.getFileName() + " is not an HDF5 file (no HDF5 signature)");
            }
            try (HdfFile h5 = openH5(weightBytes)) {
                Node weights = guard("cannot read the weights", () -> h5.getChild("model_weights"));
                return convert(json, weights instanceof Group g ? g : h5, precision, fileName);
            }
        });
    }

    /** The Keras class names the importer converts, sorted and comma-separated. */
    public static String supportedLayers() {
        return String.join(", ", SUPPORTED);
    }

    /** {@code dir/model.json} → {@code dir/model_weights.h5}. */
    static Path weightsFileFor(Path json) {
        String file = json.getFileName().toString();
        String stem = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        return json.resolveSibling(stem + "_weights.h5");
    }

    private interface Conversion {
        FirmwareModel run();
    }

    private static FirmwareModel withFile(String source, Conversion conversion) {
        try {
            return conversion.run();
        } catch (QKerasImportException e) {
            throw e;
        } catch (Problem | InvalidModelException | IllegalArgumentException e) {
            throw new QKerasImportException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new QKerasImportException(source + ": cannot read the model (" + describe(e) + ")", e);
        }
    }

    private static byte[] readLimited(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new QKerasImportException(file + ": the file has " + size + " bytes, more than the "
                    + MAX_FILE_BYTES + " a model may have");
        }
        return Files.readAllBytes(file);
    }

    private static HdfFile openH5(byte[] bytes) {
        try {
            return HdfFile.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new Problem("not a readable HDF5 file (" + describe(e) + ")", e);
        }
    }

    private static String modelConfig(HdfFile file) {
        Object data = guard("cannot read attribute model_config", () -> {
            Attribute a = file.getAttribute("model_config");
            return a == null ? null : a.getData();
        });
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] a && a.length == 1) {
            return a[0];
        }
        if (data instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        throw new Problem("no model_config attribute: not a Keras model saved with model.save() (for a weights file "
                + "give the model JSON instead)");
    }

    // ------------------------------------------------------------------------------------------------- the model

    /** One Keras layer of the chain. */
    private record KLayer(String name, String className, JsonNode config, String inbound) {
        String describe() {
            return "layer '" + name + "' (" + className + ")";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private static FirmwareModel convert(String json, Group weights, Precision precision, String fileName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new Problem("the model JSON does not parse (" + firstLine(e.getOriginalMessage()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new Problem("the model JSON is not an object");
        }
        String kind = text(root.get("class_name"));
        JsonNode config = root.get("config");
        if (kind == null || config == null) {
            throw new Problem("the model JSON has no class_name/config: not a Keras model (from model.to_json())");
        }
        List<KLayer> layers;
        List<String> outputs = new ArrayList<>();
        String modelName;
        if (kind.equals("Sequential")) {
            JsonNode list = config.isArray() ? config : config.get("layers");
            layers = sequentialLayers(list);
            modelName = config.isObject() ? text(config.get("name")) : null;
            outputs.add(layers.get(layers.size() - 1).name());
        } else if (kind.equals("Functional") || kind.equals("Model")) {
            layers = functionalLayers(config.get("layers"));
            modelName = text(config.get("name"));
            JsonNode out = config.get("output_layers");
            if (out == null || !out.isArray() || out.size() != 1 || !out.get(0).isArray() || text(out.get(0).get(0)) == null) {
                throw new Problem("the model must have exactly one output (output_layers)");
            }
            outputs.add(text(out.get(0).get(0)));
        } else {
            throw new Problem("model class " + kind + " is not supported (Sequential or Functional)");
        }
        Converter converter = new Converter(layers, weights, precision);
        FirmwareModel.Builder builder = converter.run(outputs.get(0));
        builder.metadata("source", fileName);
        builder.metadata("importer", IMPORTER);
        if (converter.droppedSoftmax != null) {
            builder.metadata("dropped_softmax", converter.droppedSoftmax);
        }
        String name = modelName == null || modelName.isBlank() ? fileName.replaceAll("\\.[^.]*$", "") : modelName;
        builder.metadata("keras_model_name", name);
        return rename(builder, sanitize(name));
    }

    private static FirmwareModel rename(FirmwareModel.Builder builder, String name) {
        FirmwareModel draft = builder.build();
        FirmwareModel.Builder b = FirmwareModel.builder(name);
        draft.layers().forEach(b::add);
        draft.outputs().forEach(b::output);
        draft.metadata().forEach(b::metadata);
        return b.build();
    }

    private static List<KLayer> sequentialLayers(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new Problem("the Sequential model has no layers");
        }
        List<KLayer> layers = new ArrayList<>();
        String previous = null;
        for (JsonNode node : list) {
            KLayer layer = layer(node, previous);
            if (previous == null && !layer.className().equals("InputLayer")) {
                JsonNode shape = layer.config().get("batch_input_shape");
                if (shape == null) {
                    throw new Problem(layer.describe() + ": the first layer has no batch_input_shape");
                }
                KLayer input = new KLayer(layer.name() + "_input", "InputLayer", layer.config(), null);
                layers.add(input);
                layer = new KLayer(layer.name(), layer.className(), layer.config(), input.name());
            }
            layers.add(layer);
            previous = layer.name();
        }
        return layers;
    }

    private static List<KLayer> functionalLayers(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new Problem("the model has no layers");
        }
        List<KLayer> layers = new ArrayList<>();
        for (JsonNode node : list) {
            JsonNode inbound = node.get("inbound_nodes");
            String from = null;
            if (inbound != null && inbound.isArray() && !inbound.isEmpty()) {
                JsonNode calls = inbound.get(0);
                if (inbound.size() != 1 || calls == null || !calls.isArray() || calls.size() != 1
                        || text(calls.get(0).get(0)) == null) {
                    throw new Problem("layer '" + text(node.path("config").get("name")) + "': only chains are "
                            + "supported (one call with one inbound tensor per layer)");
                }
                from = text(calls.get(0).get(0));
            }
            layers.add(layer(node, from));
        }
        return layers;
    }

    private static KLayer layer(JsonNode node, String inbound) {
        String className = text(node == null ? null : node.get("class_name"));
        JsonNode config = node == null ? null : node.get("config");
        String name = config == null ? null : text(config.get("name"));
        if (className == null || config == null || !config.isObject() || name == null) {
            throw new Problem("a layer entry lacks class_name, config or name");
        }
        return new KLayer(name, className, config, inbound);
    }

    // --------------------------------------------------------------------------------------------- conversion

    /** The state of one import: IR layers so far, Keras name → IR tensor. */
    private static final class Converter {
        private final List<KLayer> layers;
        private final Group weights;
        private final Precision precision;
        private final List<Layer> ir = new ArrayList<>();
        private final Map<String, String> tensorOf = new HashMap<>();
        private final Map<String, Integer> readers = new HashMap<>();
        private final Set<String> used = new HashSet<>();
        private final Set<String> folded = new HashSet<>();
        private String droppedSoftmax;

        Converter(List<KLayer> layers, Group weights, Precision precision) {
            this.layers = layers;
            this.weights = weights;
            this.precision = precision;
            for (KLayer l : layers) {
                if (l.inbound() != null) {
                    readers.merge(l.inbound(), 1, Integer::sum);
                }
            }
        }

        FirmwareModel.Builder run(String output) {
            Map<String, KLayer> byName = new LinkedHashMap<>();
            for (KLayer l : layers) {
                if (byName.put(l.name(), l) != null) {
                    throw new Problem(l.describe() + ": the name is used twice");
                }
                if (!SUPPORTED.contains(l.className())) {
                    throw new Problem(l.describe() + " is not supported; supported: " + supportedLayers());
                }
            }
            if (!byName.containsKey(output)) {
                throw new Problem("the output layer '" + output + "' is not in the model");
            }
            for (int i = 0; i < layers.size(); i++) {
                KLayer layer = layers.get(i);
                if (folded.contains(layer.name())) {
                    tensorOf.put(layer.name(), tensorOf.get(layer.inbound()));
                    continue;
                }
                if (!layer.className().equals("InputLayer")
                        && (layer.inbound() == null || !tensorOf.containsKey(layer.inbound()))) {
                    throw new Problem(layer.describe() + ": reads '" + layer.inbound() + "', which is not an earlier "
                            + "layer");
                }
                KLayer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
                convert(layer, next, layer.name().equals(output));
            }
            String outTensor = tensorOf.get(output);
            FirmwareModel.Builder b = FirmwareModel.builder("model");
            ir.forEach(b::add);
            b.output(outTensor);
            return b;
        }

        private void convert(KLayer layer, KLayer next, boolean isOutput) {
            try {
                switch (layer.className()) {
                    case "InputLayer" -> input(layer);
                    case "QDense", "Dense" -> dense(layer, next, isOutput);
                    case "QConv1D", "QConv2D", "Conv1D", "Conv2D" -> conv(layer, next, isOutput);
                    case "QActivation", "Activation" -> {
                        String t = activation(layer, layer.config().get("activation"), in(layer), isOutput, true);
                        tensorOf.put(layer.name(), t);
                    }
                    case "ReLU" -> relu(layer);
                    case "MaxPooling1D", "MaxPooling2D" -> pool(layer);
                    case "Flatten" -> {
                        Shape shape = shapeOf(in(layer));
                        produce(layer, new Reshape(fresh(layer.name()), in(layer), Shape.of(shape.size())));
                    }
                    case "Dropout" -> tensorOf.put(layer.name(), in(layer));
                    case "BatchNormalization" -> throw new Problem(layer.describe() + ": only a BatchNormalization "
                            + "directly after a Dense/Conv layer (its only reader) can be folded");
                    default -> throw new Problem(layer.describe() + " is not supported");
                }
            } catch (InvalidModelException | IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage()).replaceFirst("^layer '[^']*': ", "");
                throw new Problem(layer.describe() + ": " + message, e);
            }
        }

        private String in(KLayer layer) {
            return tensorOf.get(layer.inbound());
        }

        private void input(KLayer layer) {
            JsonNode shapeNode = layer.config().get("batch_input_shape");
            if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() < 2) {
                throw new Problem(layer.describe() + ": missing or invalid batch_input_shape");
            }
            int[] dims = new int[shapeNode.size() - 1];
            for (int i = 1; i < shapeNode.size(); i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToInt() || d.asInt() < 1) {
                    throw new Problem(layer.describe() + ": batch_input_shape " + shapeNode + " needs positive sizes");
                }
                dims[i - 1] = d.asInt();
            }
            FixedType type = userType(layer, "the input");
            produce(layer, new Input(fresh(layer.name()), TensorType.uniform(Shape.of(dims), type)));
        }

        private FixedType userType(KLayer layer, String what) {
            return precision.forLayer(layer.name()).orElseThrow(() -> new Problem(layer.describe() + ": " + what
                    + " has no QKeras quantizer; give a type for it in the precision (a default like "
                    + "fixed<16,6,RND_CONV,SAT> or '" + layer.name() + ": fixed<W,I>')"));
        }

        private boolean quantized(KLayer layer) {
            return layer.className().startsWith("Q");
        }

        /** The kernel or bias quantizer of a Q layer, or null when the layer has none (user type). */
        private QuantizerSpec weightQuantizer(KLayer layer, String key) {
            if (!quantized(layer)) {
                return null;
            }
            JsonNode q = layer.config().get(key);
            if (q == null || q.isNull()) {
                return null;
            }
            return QuantizerSpec.parse(q, layer.describe() + " " + key);
        }

        /**
         * Kernel or bias constants: through the layer's QKeras quantizer; without one, a plain layer takes the user
         * type, a Q layer the user type when one is given for it and else the stored float32 values exactly (what
         * QKeras multiplies with when a quantizer is None).
         */
        private FixedTensor quantizeWeights(KLayer layer, String key, Shape shape, double[] values) {
            QuantizerSpec spec = weightQuantizer(layer, key);
            if (spec != null) {
                return FixedTensor.quantize(TensorType.uniform(shape, spec.type()), values);
            }
            if (quantized(layer) && precision.forLayer(layer.name()).isEmpty()) {
                return exact(shape, values);
            }
            FixedType type = userType(layer, key.replace("_quantizer", ""));
            return FixedTensor.quantize(TensorType.uniform(shape, type), values);
        }

        private void dense(KLayer layer, KLayer next, boolean isOutput) {
            String input = in(layer);
            Shape inShape = shapeOf(input);
            if (inShape.rank() != 1) {
                throw new Problem(layer.describe() + ": input shape " + inShape + " is not 1-D (add a Flatten)");
            }
            int units = positiveInt(layer, "units");
            double[] kernel = weight(layer, "kernel", inShape.dim(0), units);
            boolean useBias = !layer.config().has("use_bias") || layer.config().get("use_bias").asBoolean(true);
            double[] bias = useBias ? weight(layer, "bias", units) : new double[units];
            FixedTensor[] kb = constants(layer, next, Shape.of(inShape.dim(0), units), kernel, bias, useBias);
            String name = fresh(layer.name());
            add(new Dense(name, input, kb[0], kb[1]));
            finishComputing(layer, name, isOutput);
        }

        private void conv(KLayer layer, KLayer next, boolean isOutput) {
            JsonNode c = layer.config();
            int rank = layer.className().endsWith("1D") ? 1 : 2;
            String format = text(c.get("data_format"));
            if (format != null && !format.equals("channels_last")) {
                throw new Problem(layer.describe() + ": data_format " + format + " is not supported (channels_last)");
            }
            for (String key : List.of("dilation_rate")) {
                if (c.has(key) && !allOnes(c.get(key))) {
                    throw new Problem(layer.describe() + ": option " + key + "=" + c.get(key) + " is not supported");
                }
            }
            if (c.has("groups") && c.get("groups").asInt(1) != 1) {
                throw new Problem(layer.describe() + ": option groups=" + c.get("groups") + " is not supported");
            }
            String input = in(layer);
            Shape inShape = shapeOf(input);
            if (inShape.rank() != rank + 1) {
                throw new Problem(layer.describe() + ": input shape " + inShape + " does not fit a " + rank
                        + "-D convolution");
            }
            int filters = positiveInt(layer, "filters");
            int[] k = ints(layer, "kernel_size", rank);
            int[] strides = c.has("strides") ? ints(layer, "strides", rank) : (rank == 1 ? new int[] {1} : new int[] {1, 1});
            Padding padding = padding(layer);
            int channels = inShape.lastDim();
            int[] kshape = rank == 1 ? new int[] {k[0], channels, filters} : new int[] {k[0], k[1], channels, filters};
            double[] kernel = weight(layer, "kernel", kshape);
            boolean useBias = !c.has("use_bias") || c.get("use_bias").asBoolean(true);
            double[] bias = useBias ? weight(layer, "bias", filters) : new double[filters];
            FixedTensor[] kb = constants(layer, next, Shape.of(kshape), kernel, bias, useBias);
            String name = fresh(layer.name());
            add(rank == 1 ? Conv.conv1d(name, input, kb[0], kb[1], strides[0], padding)
                    : Conv.conv2d(name, input, kb[0], kb[1], strides[0], strides[1], padding));
            finishComputing(layer, name, isOutput);
        }

        /** Kernel and bias constants: quantized, then (when a BatchNormalization follows) folded exactly. */
        private FixedTensor[] constants(KLayer layer, KLayer next, Shape kshape, double[] kernel, double[] bias,
                                        boolean useBias) {
            int units = kshape.lastDim();
            FixedTensor k = quantizeWeights(layer, "kernel_quantizer", kshape, kernel);
            FixedTensor b = useBias ? quantizeWeights(layer, "bias_quantizer", Shape.of(units), bias)
                    : FixedTensor.zeros(TensorType.uniform(Shape.of(units), FixedType.ZERO));
            if (next != null && next.className().equals("BatchNormalization") && layer.name().equals(next.inbound())
                    && readers.getOrDefault(layer.name(), 0) == 1) {
                double[][] f = foldBatchNorm(next, kshape.rank() - 1, units, k.toDoubles(), b.toDoubles());
                folded.add(next.name());
                return new FixedTensor[] {exact(kshape, f[0]), exact(Shape.of(units), f[1])};
            }
            return new FixedTensor[] {k, b};
        }

        /** Keras BatchNormalization at inference, folded in float32: s = γ/√(σ²+ε), W·s, (b − μ)·s + β. */
        private double[][] foldBatchNorm(KLayer bn, int outputRank, int channels, double[] kernel, double[] bias) {
            JsonNode c = bn.config();
            JsonNode axis = c.get("axis");
            int ax = axis == null ? -1 : axis.isArray() && axis.size() == 1 ? axis.get(0).asInt() : axis.isInt() ? axis.asInt() : 0;
            if (ax != -1 && ax != outputRank) {
                throw new Problem(bn.describe() + ": only a BatchNormalization over the last axis can be folded");
            }
            float eps = (float) (c.has("epsilon") ? c.get("epsilon").asDouble() : 1e-3);
            boolean scale = !c.has("scale") || c.get("scale").asBoolean(true);
            boolean center = !c.has("center") || c.get("center").asBoolean(true);
            double[] gamma = scale ? weight(bn, "gamma", channels) : null;
            double[] beta = center ? weight(bn, "beta", channels) : null;
            double[] mean = weight(bn, "moving_mean", channels);
            double[] var = weight(bn, "moving_variance", channels);
            double[] k = new double[kernel.length];
            double[] b = new double[channels];
            float[] s = new float[channels];
            for (int ch = 0; ch < channels; ch++) {
                float g = gamma == null ? 1f : (float) gamma[ch];
                s[ch] = g / (float) Math.sqrt((float) var[ch] + eps);
                b[ch] = ((float) bias[ch] - (float) mean[ch]) * s[ch] + (beta == null ? 0f : (float) beta[ch]);
            }
            for (int i = 0; i < kernel.length; i++) {
                k[i] = (float) kernel[i] * s[i % channels];
            }
            for (double v : k) {
                if (!Double.isFinite(v)) {
                    throw new Problem(bn.describe() + ": folding gives a non-finite weight (zero variance?)");
                }
            }
            return new double[][] {k, b};
        }

        /** After a Dense/Conv: the user result type for plain layers, then the layer's activation. */
        private void finishComputing(KLayer layer, String name, boolean isOutput) {
            String tensor = name;
            if (!quantized(layer)) {
                FixedType type = userType(layer, "the result");
                tensor = add(new Quantize(fresh(layer.name() + "_q"), name, TensorType.uniform(shapeOf(name), type)));
            }
            JsonNode activation = layer.config().get("activation");
            tensorOf.put(layer.name(), activation(layer, activation, tensor, isOutput, false));
        }

        /** Applies a Keras activation value (name or quantizer) to {@code tensor}, returning the result tensor. */
        private String activation(KLayer layer, JsonNode activation, String tensor, boolean isOutput,
                                  boolean standalone) {
            if (activation == null || activation.isNull()) {
                return tensor;
            }
            if (activation.isTextual()) {
                String a = activation.asText();
                switch (a) {
                    case "linear":
                        return tensor;
                    case "relu":
                        return add(new Relu(fresh(layer.name() + (standalone ? "" : "_relu")), tensor));
                    case "softmax":
                        if (isOutput) {
                            droppedSoftmax = layer.name();
                            return tensor;
                        }
                        throw new Problem(layer.describe() + ": activation softmax is only supported as the model's "
                                + "last layer, where it is dropped (a float softmax has no exact fixed-point form)");
                    default:
                        if (!QuantizerSpec.isQuantizer(activation)) {
                            throw new Problem(layer.describe() + ": activation " + a + " is not supported (linear, "
                                    + "relu, quantized_bits, quantized_relu; softmax as the last layer)");
                        }
                }
            }
            if (!QuantizerSpec.isQuantizer(activation)) {
                throw new Problem(layer.describe() + ": activation " + activation + " is not supported");
            }
            if (!quantized(layer)) {
                throw new Problem(layer.describe() + ": a quantizer as activation needs a QKeras layer");
            }
            QuantizerSpec spec = QuantizerSpec.parse(activation, layer.describe() + " activation");
            return add(new Quantize(fresh(layer.name() + (standalone ? "" : "_act")), tensor,
                    TensorType.uniform(shapeOf(tensor), spec.type())));
        }

        private void relu(KLayer layer) {
            JsonNode c = layer.config();
            for (String key : List.of("max_value", "negative_slope", "threshold")) {
                JsonNode v = c.get(key);
                if (v != null && !v.isNull() && !(v.isNumber() && v.asDouble() == 0.0)) {
                    throw new Problem(layer.describe() + ": option " + key + "=" + v + " is not supported");
                }
            }
            produce(layer, new Relu(fresh(layer.name()), in(layer)));
        }

        private void pool(KLayer layer) {
            JsonNode c = layer.config();
            String format = text(c.get("data_format"));
            if (format != null && !format.equals("channels_last")) {
                throw new Problem(layer.describe() + ": data_format " + format + " is not supported (channels_last)");
            }
            int rank = layer.className().endsWith("1D") ? 1 : 2;
            int[] size = ints(layer, "pool_size", rank);
            int[] strides = c.hasNonNull("strides") ? ints(layer, "strides", rank) : size;
            Padding padding = padding(layer);
            String name = fresh(layer.name());
            produce(layer, rank == 1 ? Pool.pool1d(name, in(layer), Pool.Reduction.MAX, size[0], strides[0], padding)
                    : Pool.pool2d(name, in(layer), Pool.Reduction.MAX, size[0], size[1], strides[0], strides[1],
                    padding));
        }

        private Padding padding(KLayer layer) {
            String p = text(layer.config().get("padding"));
            if (p == null || p.equals("valid")) {
                return Padding.VALID;
            }
            if (p.equals("same")) {
                return Padding.SAME;
            }
            throw new Problem(layer.describe() + ": padding " + p + " is not supported (valid, same)");
        }

        private void produce(KLayer layer, Layer irLayer) {
            tensorOf.put(layer.name(), add(irLayer));
        }

        private String add(Layer layer) {
            ir.add(layer);
            return layer.name();
        }

        private String fresh(String base) {
            String clean = sanitize(base);
            String name = clean;
            for (int n = 2; !used.add(name); n++) {
                name = clean + "_" + n;
            }
            return name;
        }

        /** The shape of an IR tensor, derived by the IR itself (a draft model ending at that tensor). */
        private Shape shapeOf(String tensor) {
            FirmwareModel.Builder b = FirmwareModel.builder("draft");
            Set<String> needed = new HashSet<>();
            needed.add(tensor);
            for (int i = ir.size() - 1; i >= 0; i--) {
                if (needed.contains(ir.get(i).name())) {
                    needed.addAll(ir.get(i).inputs());
                }
            }
            ir.stream().filter(l -> needed.contains(l.name())).forEach(b::add);
            b.output(tensor);
            return b.build().outputType(tensor).shape();
        }

        private double[] weight(KLayer layer, String weight, int... shape) {
            return readWeight(weights, layer, weight, shape);
        }
    }

    /** Values of float32/float64 weights converted exactly, each element to its narrowest type. */
    private static FixedTensor exact(Shape shape, double[] values) {
        FixedType[] types = new FixedType[values.length];
        BigInteger[] raw = new BigInteger[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v == 0.0) {
                types[i] = FixedType.ZERO;
                raw[i] = BigInteger.ZERO;
                continue;
            }
            int exp = Math.getExponent(v) - 52;
            long mantissa = (long) Math.scalb(Math.abs(v), -exp);
            int tz = Long.numberOfTrailingZeros(mantissa);
            mantissa >>= tz;
            exp += tz;
            BigInteger r = BigInteger.valueOf(v < 0 ? -mantissa : mantissa);
            types[i] = FixedType.containing(r, r, exp);
            raw[i] = FixedValue.fromDouble(v, types[i]).raw();
        }
        return FixedTensor.of(TensorType.of(shape, types), raw);
    }

    // ----------------------------------------------------------------------------------------------- weights

    private static double[] readWeight(Group root, KLayer layer, String weight, int... shape) {
        String what = layer.describe() + ": cannot read weight '" + weight + "'";
        Node node = guard(what, () -> root.getChild(layer.name()));
        if (!(node instanceof Group group)) {
            throw new Problem(layer.describe() + ": the weights file has no group '" + layer.name() + "'");
        }
        List<Dataset> found = guard(what, () -> H5Datasets.matching(group, weight));
        if (found.size() != 1) {
            throw new Problem(layer.describe() + ": " + (found.isEmpty() ? "missing weight '" + weight + "'"
                    : "more than one dataset holds weight '" + weight + "'"));
        }
        Dataset dataset = found.get(0);
        int[] dims = guard(what, dataset::getDimensions);
        if (!Arrays.equals(dims, shape)) {
            throw new Problem(layer.describe() + ": weight '" + weight + "' has shape " + Arrays.toString(dims)
                    + ", expected " + Arrays.toString(shape));
        }
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (size > Shape.MAX_SIZE) {
            throw new Problem(layer.describe() + ": weight '" + weight + "' is too large");
        }
        Object data = guard(what, dataset::getDataFlat);
        double[] values = toDoubles(data);
        if (values == null || values.length != size) {
            throw new Problem(layer.describe() + ": weight '" + weight + "' does not hold " + size + " numbers");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new Problem(layer.describe() + ": weight '" + weight + "' holds a non-finite value");
            }
        }
        return values;
    }

    private static double[] toDoubles(Object data) {
        if (data instanceof float[] a) {
            double[] v = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                v[i] = a[i];
            }
            return v;
        }
        if (data instanceof double[] a) {
            return a.clone();
        }
        return null;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private interface Call<T> {
        T get();
    }

    /** Runs a jhdf call, turning whatever a damaged file makes it throw into a problem. */
    private static <T> T guard(String what, Call<T> call) {
        try {
            return call.get();
        } catch (Problem e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Problem(what + " (" + describe(e) + ")", e);
        }
    }

    private static boolean allOnes(JsonNode node) {
        if (node.isInt()) {
            return node.asInt() == 1;
        }
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode n : node) {
            if (!n.isInt() || n.asInt() != 1) {
                return false;
            }
        }
        return true;
    }

    private static int positiveInt(KLayer layer, String key) {
        JsonNode v = layer.config().get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new Problem(layer.describe() + ": " + key + " must be a positive whole number, got " + v);
        }
        return v.asInt();
    }

    private static int[] ints(KLayer layer, String key, int count) {
        JsonNode v = layer.config().get(key);
        int[] out = new int[count];
        if (v != null && v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1) {
            Arrays.fill(out, v.asInt());
            return out;
        }
        if (v == null || !v.isArray() || v.size() != count) {
            throw new Problem(layer.describe() + ": " + key + " must hold " + count + " positive whole numbers, got "
                    + v);
        }
        for (int i = 0; i < count; i++) {
            JsonNode n = v.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
                throw new Problem(layer.describe() + ": " + key + " must hold positive whole numbers, got " + v);
            }
            out[i] = n.asInt();
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    static String sanitize(String raw) {
        String s = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (s.isEmpty() || s.startsWith(".") || s.startsWith("-")) {
            s = "_" + s;
        }
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : firstLine(message);
    }
}
