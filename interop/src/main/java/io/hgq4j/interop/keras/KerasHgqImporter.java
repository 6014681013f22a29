package io.hgq4j.interop.keras;

import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.InvalidModelException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Imports an HGQ "proxy" model, a Keras 2 HDF5 file ({@code model.save("m.h5")}) in which HGQ has stored already
 * quantized weights and a {@code FixedPointQuantizer} layer with per-element bit widths after every computing layer,
 * into a {@link FirmwareModel} that computes exactly what the proxy model computes.
 *
 * <ul>
 *   <li>The architecture comes from the root attribute {@code model_config} (Functional or Sequential), the weights
 *       from {@code model_weights/<layer>/...}, found through each group's {@code weight_names}.</li>
 *   <li>Each {@code InputLayer} must be read by exactly one {@code FixedPointQuantizer}; the two become one
 *       firmware-model {@code Input} whose element types are the quantizer's (real inputs are quantized with its
 *       modes). Every other quantizer becomes a {@code Quantize}.</li>
 *   <li>Dense and Conv weights are converted exactly, each element to its narrowest fixed-point type. ReLU,
 *       pooling, Flatten/Reshape, Add and Concatenate map one to one; Dropout and linear activations disappear. A
 *       BatchNormalization directly after a Dense/Conv is folded into its kernel and bias in float32, which matches
 *       Keras's float inference only up to float rounding.</li>
 *   <li>Layer names are the Keras names with characters outside {@code [A-Za-z0-9_.-]} replaced by '_' (kept
 *       unique); the model is named after the config's {@code name}. Metadata records the source file name and
 *       {@code importer = hgq4j keras-hdf5}.</li>
 * </ul>
 *
 * <p>Supported layer classes: see {@link #supportedLayers()}. Everything else, and any damaged file, fails with an
 * {@link ImportException} whose one-line message names the file, the layer and the problem.
 */
public final class KerasHgqImporter {

    /** The value of the {@code importer} metadata entry. */
    public static final String IMPORTER = "hgq4j keras-hdf5";

    /** Files larger than this are refused (HGQ proxy models are kilobytes to a few megabytes). */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final Pattern LEADING_IR_LAYER = Pattern.compile("^layer '[^']*': ");

    private KerasHgqImporter() {
    }

    /**
     * Reads and converts the model in {@code file}.
     *
     * @throws IOException     if the file cannot be read (missing, not readable)
     * @throws ImportException if it is not a Keras HDF5 model the importer supports, naming the file and the problem
     */
    public static FirmwareModel read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new ImportException(file + ": the file has " + size + " bytes, more than the " + MAX_FILE_BYTES
                    + " an HGQ proxy model may have");
        }
        Path name = file.getFileName();
        return fromBytes(Files.readAllBytes(file), file.toString(), name == null ? file.toString() : name.toString());
    }

    /**
     * Converts a model from the bytes of a Keras HDF5 file.
     *
     * @param source   how messages name the bytes (e.g. the file's path)
     * @param fileName the file name recorded as the model's {@code source} metadata
     * @throws ImportException if the bytes are not a Keras HDF5 model the importer supports
     */
    public static FirmwareModel fromBytes(byte[] bytes, String source, String fileName) {
        if (startsWith(bytes, ZIP_MAGIC)) {
            throw new ImportException(source + ": this is a zip archive (a .hgq model or a Keras 3 .keras file?), "
                    + "not a Keras 2 HDF5 file");
        }
        if (!hasHdf5Signature(bytes)) {
            throw new ImportException(source + ": not an HDF5 file (no HDF5 signature)");
        }
        HdfFile file;
        try {
            file = HdfFile.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new ImportException(source + ": not a readable HDF5 file (" + describe(e) + ")", e);
        }
        try (file) {
            return convert(file, fileName);
        } catch (KerasProblem e) {
            throw new ImportException(source + ": " + e.getMessage(), e);
        } catch (InvalidModelException | IllegalArgumentException e) {
            throw new ImportException(source + ": " + e.getMessage(), e);
        }
    }

    /** The Keras class names the importer converts, sorted and comma-separated. */
    public static String supportedLayers() {
        return LayerHandlers.supported();
    }

    private static FirmwareModel convert(HdfFile file, String fileName) {
        KerasModelConfig config = KerasModelConfig.parse(modelConfig(file));
        for (KerasLayer layer : config.layers()) {
            if (!LayerHandlers.ALL.containsKey(layer.className())) {
                throw new KerasProblem(layer.describe() + " is not supported; supported: "
                        + LayerHandlers.supported());
            }
        }
        ConversionContext context = new ConversionContext(config, new H5Weights(file));
        for (KerasLayer layer : config.layers()) {
            try {
                LayerHandlers.ALL.get(layer.className()).convert(layer, context);
            } catch (InvalidModelException | IllegalArgumentException e) {
                String message = LEADING_IR_LAYER.matcher(String.valueOf(e.getMessage())).replaceFirst("");
                throw KerasProblem.at(layer, message, e);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", fileName);
        metadata.put("importer", IMPORTER);
        String kerasVersion = stringAttribute(file, "keras_version");
        if (kerasVersion != null && !kerasVersion.isBlank()) {
            metadata.put("keras_version", kerasVersion);
        }
        String modelName = config.name() != null ? config.name() : fileName.replaceAll("\\.[^.]*$", "");
        return context.build(NameTable.sanitize(modelName), config.outputs(), metadata);
    }

    private static String modelConfig(HdfFile file) {
        String json = stringAttribute(file, "model_config");
        if (json == null) {
            throw new KerasProblem("no model_config attribute: not a Keras model saved with model.save() "
                    + "(a weights-only file holds no architecture)");
        }
        return json;
    }

    /** A root attribute holding text, or null when absent or not text. */
    private static String stringAttribute(HdfFile file, String name) {
        Object data;
        try {
            Attribute attribute = file.getAttribute(name);
            data = attribute == null ? null : attribute.getData();
        } catch (RuntimeException e) {
            throw new KerasProblem("cannot read attribute " + name + " (" + describe(e) + ")", e);
        }
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] a && a.length == 1) {
            return a[0];
        }
        if (data instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return null;
    }

    /** The HDF5 signature sits at offset 0, 512, 1024, 2048, ... (after an optional user block). */
    private static boolean hasHdf5Signature(byte[] bytes) {
        for (long offset = 0; offset + HDF5_SIGNATURE.length <= bytes.length; offset = offset == 0 ? 512 : 2 * offset) {
            if (startsWith(bytes, (int) offset, HDF5_SIGNATURE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return startsWith(bytes, 0, prefix);
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The exception's message, or its class name when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
