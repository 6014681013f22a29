package io.hgq4j.model.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.model.data.ArrayFormatException;
import io.hgq4j.model.data.Npy;
import io.hgq4j.model.data.NpyArray;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
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
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a model from the entries of a .hgq file, checking every field and every array against the manifest.
 * Problems are reported as {@link FormatProblem}s that name the field or entry; the model's own validation then
 * checks the graph.
 */
final class ManifestReader {

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final Map<String, byte[]> entries;
    private final Set<String> used = new HashSet<>();

    private ManifestReader(Map<String, byte[]> entries) {
        this.entries = entries;
    }

    /** The model described by {@code entries}. */
    static FirmwareModel read(Map<String, byte[]> entries, ObjectMapper json) {
        ManifestReader reader = new ManifestReader(entries);
        JsonFields root = new JsonFields(reader.manifest(json), HgqFile.MANIFEST);
        FirmwareModel model = reader.model(root);
        Set<String> unexpected = new HashSet<>(entries.keySet());
        unexpected.removeAll(reader.used);
        unexpected.remove(HgqFile.MANIFEST);
        if (!unexpected.isEmpty()) {
            throw new FormatProblem("unexpected entr" + (unexpected.size() == 1 ? "y " : "ies ") + unexpected
                    + ", not referenced by " + HgqFile.MANIFEST);
        }
        return model;
    }

    private JsonNode manifest(ObjectMapper json) {
        byte[] bytes = entries.get(HgqFile.MANIFEST);
        if (bytes == null) {
            throw new FormatProblem("missing entry " + HgqFile.MANIFEST + "; a .hgq file holds a JSON manifest and .npy arrays");
        }
        try {
            return json.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new FormatProblem(HgqFile.MANIFEST + ": not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new FormatProblem(HgqFile.MANIFEST + ": cannot be read: " + e.getMessage());
        }
    }

    private FirmwareModel model(JsonFields root) {
        root.allowOnly("format", "formatVersion", "name", "outputs", "metadata", "metrics", "layers");
        String format = root.string("format");
        if (!format.equals(HgqFile.FORMAT_NAME)) {
            throw new FormatProblem(root.path() + ".format: expected \"" + HgqFile.FORMAT_NAME + "\", found \"" + format + "\"");
        }
        int version = root.integer("formatVersion");
        if (version > HgqFile.FORMAT_VERSION) {
            throw new FormatProblem("format version " + version + " is newer than this hgq4j reads (" + HgqFile.FORMAT_VERSION
                    + "); upgrade hgq4j");
        }
        if (version < 1) {
            throw new FormatProblem(root.path() + ".formatVersion: unknown format version " + version);
        }
        FirmwareModel.Builder builder = FirmwareModel.builder(root.string("name"));
        for (JsonFields layer : root.objects("layers")) {
            builder.add(layer(layer));
        }
        root.strings("outputs").forEach(builder::output);
        for (Map.Entry<String, JsonNode> e : root.entries("metadata")) {
            if (!e.getValue().isTextual()) {
                throw root.problem("metadata." + e.getKey(), "a string", e.getValue());
            }
            builder.metadata(e.getKey(), e.getValue().asText());
        }
        for (Map.Entry<String, JsonNode> e : root.entries("metrics")) {
            if (!e.getValue().isNumber()) {
                throw root.problem("metrics." + e.getKey(), "a number", e.getValue());
            }
            builder.metric(e.getKey(), e.getValue().doubleValue());
        }
        try {
            return builder.build();
        } catch (InvalidModelException e) {
            throw new FormatProblem(HgqFile.MANIFEST + ": " + e.getMessage());
        }
    }

    private Layer layer(JsonFields f) {
        String name = f.string("name");
        JsonFields at = f.labelled(name);
        String op = at.string("op");
        try {
            return switch (op) {
                case "input" -> {
                    at.allowOnly("name", "op", "type");
                    yield new Input(name, types(at.object("type")));
                }
                case "dense" -> {
                    at.allowOnly("name", "op", "inputs", "kernel", "bias");
                    yield new Dense(name, singleInput(at), constant(at.object("kernel")), constant(at.object("bias")));
                }
                case "conv1d", "conv2d" -> {
                    at.allowOnly("name", "op", "inputs", "kernel", "bias", "strides", "padding");
                    int rank = op.equals("conv1d") ? 1 : 2;
                    int[] strides = pair(at, "strides", rank);
                    yield new Conv(name, singleInput(at), constant(at.object("kernel")), constant(at.object("bias")),
                            strides[0], strides[1], padding(at));
                }
                case "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d" -> {
                    at.allowOnly("name", "op", "inputs", "poolSize", "strides", "padding");
                    int rank = op.endsWith("1d") ? 1 : 2;
                    int[] size = pair(at, "poolSize", rank);
                    int[] strides = pair(at, "strides", rank);
                    Pool.Reduction reduction = op.startsWith("max") ? Pool.Reduction.MAX : Pool.Reduction.AVG;
                    yield new Pool(name, singleInput(at), reduction, rank, size[0], size[1], strides[0], strides[1], padding(at));
                }
                case "reshape" -> {
                    at.allowOnly("name", "op", "inputs", "shape");
                    yield new Reshape(name, singleInput(at), shape(at, "shape"));
                }
                case "relu" -> {
                    at.allowOnly("name", "op", "inputs");
                    yield new Relu(name, singleInput(at));
                }
                case "add" -> {
                    at.allowOnly("name", "op", "inputs");
                    yield new Add(name, at.strings("inputs"));
                }
                case "concatenate" -> {
                    at.allowOnly("name", "op", "inputs", "axis");
                    yield new Concatenate(name, at.strings("inputs"), at.integer("axis"));
                }
                case "table" -> {
                    at.allowOnly("name", "op", "inputs", "function", "table");
                    yield new TableLookup(name, singleInput(at), at.string("function"), constant(at.object("table")));
                }
                case "softmax" -> {
                    at.allowOnly("name", "op", "inputs", "expIndex", "expTable", "invIndex", "invTable", "output");
                    yield new Softmax(name, singleInput(at), fixedType(at, "expIndex"), constant(at.object("expTable")),
                            fixedType(at, "invIndex"), constant(at.object("invTable")), fixedType(at, "output"));
                }
                case "quantize" -> {
                    at.allowOnly("name", "op", "inputs", "type");
                    yield new Quantize(name, singleInput(at), types(at.object("type")));
                }
                default -> throw new FormatProblem(at.path() + ".op: unknown operation '" + op + "'; expected one of input, "
                        + "dense, conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, reshape, relu, add, "
                        + "concatenate, table, softmax, quantize");
            };
        } catch (InvalidModelException e) {
            throw new FormatProblem(at.path() + ": " + e.getMessage());
        }
    }

    private static String singleInput(JsonFields f) {
        List<String> inputs = f.strings("inputs");
        if (inputs.size() != 1) {
            throw new FormatProblem(f.path() + ".inputs: expected exactly one input, found " + inputs.size());
        }
        return inputs.get(0);
    }

    /** {height, width} of a 2-D field, or {1, length} of a 1-D one. */
    private static int[] pair(JsonFields f, String key, int rank) {
        int[] values = f.integers(key);
        if (values.length != rank) {
            throw new FormatProblem(f.path() + "." + key + ": expected " + rank + " value(s), found " + values.length);
        }
        return rank == 2 ? values : new int[] {1, values[0]};
    }

    private static Padding padding(JsonFields f) {
        try {
            return Padding.parse(f.string("padding"));
        } catch (IllegalArgumentException e) {
            throw new FormatProblem(f.path() + ".padding: " + e.getMessage());
        }
    }

    private static Shape shape(JsonFields f, String key) {
        int[] dims = f.integers(key);
        try {
            return Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw new FormatProblem(f.path() + "." + key + ": " + e.getMessage());
        }
    }

    /** A single fixed-point type written as a string, e.g. {@code "ufixed<8,3,RND,SAT>"}. */
    private static FixedType fixedType(JsonFields f, String key) {
        String text = f.string(key);
        try {
            return FixedType.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FormatProblem(f.path() + "." + key + ": " + e.getMessage());
        }
    }

    /** A tensor type: shape, palette and, when the palette has several types, the index entry. */
    private TensorType types(JsonFields f) {
        boolean constant = f.has("codes");
        if (constant) {
            f.allowOnly("shape", "palette", "typeIndex", "codes");
        } else {
            f.allowOnly("shape", "palette", "typeIndex");
        }
        Shape shape = shape(f, "shape");
        List<FixedType> palette = new ArrayList<>();
        List<String> names = f.strings("palette");
        for (int i = 0; i < names.size(); i++) {
            try {
                palette.add(FixedType.parse(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw new FormatProblem(f.path() + ".palette[" + i + "]: " + e.getMessage());
            }
        }
        if (palette.isEmpty()) {
            throw new FormatProblem(f.path() + ".palette: expected at least one type");
        }
        int[] index = null;
        if (f.has("typeIndex")) {
            String entry = f.string("typeIndex");
            long[] values = array(entry, shape);
            index = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 0 || values[i] >= palette.size()) {
                    throw new FormatProblem(entry + ": element " + i + " is palette index " + values[i] + ", outside the "
                            + palette.size() + " types of " + f.path() + ".palette");
                }
                index[i] = (int) values[i];
            }
        } else if (palette.size() > 1) {
            throw new FormatProblem(f.path() + ": a palette of " + palette.size() + " types needs a typeIndex entry");
        }
        return TensorType.ofPalette(shape, palette, index);
    }

    /** A constant: its types plus the entry holding its integer codes, each checked against its element type. */
    private FixedTensor constant(JsonFields f) {
        TensorType type = types(f);
        String entry = f.string("codes");
        long[] codes = array(entry, type.shape());
        BigInteger[] raw = new BigInteger[codes.length];
        for (int i = 0; i < codes.length; i++) {
            FixedType t = type.typeAt(i);
            BigInteger code = BigInteger.valueOf(codes[i]);
            if (!t.signed() && t.width() == 64 && code.signum() < 0) {
                code = code.add(TWO_TO_64); // the bit pattern of a 64-bit unsigned code
            }
            if (!t.holdsRaw(code)) {
                throw new FormatProblem(entry + ": element " + i + " has code " + code + ", which is not representable in "
                        + t + " (codes " + t.minRaw() + ".." + t.maxRaw() + ")");
            }
            raw[i] = code;
        }
        return FixedTensor.of(type, raw);
    }

    /** The integer array in {@code entry}, which must have {@code shape}. */
    private long[] array(String entry, Shape shape) {
        byte[] bytes = entries.get(entry);
        if (bytes == null) {
            throw new FormatProblem("missing entry " + entry + " (named in " + HgqFile.MANIFEST + ")");
        }
        if (!used.add(entry)) {
            throw new FormatProblem("entry " + entry + " is named twice in " + HgqFile.MANIFEST);
        }
        try {
            NpyArray array = Npy.read(bytes);
            if (!array.isInteger()) {
                throw new FormatProblem(entry + ": unsupported .npy header: dtype " + array.dtype()
                        + " holds no integer codes; expected i1, i2, i4, i8, u1, u2, u4 or u8");
            }
            if (!Arrays.equals(array.shape(), shape.dims())) {
                throw new FormatProblem(entry + ": array shape " + JsonFields.list(array.shape())
                        + " does not match the declared shape " + JsonFields.list(shape.dims()));
            }
            return array.toLongs();
        } catch (ArrayFormatException e) {
            throw new FormatProblem(entry + ": " + e.getMessage());
        }
    }
}
