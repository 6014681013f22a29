package io.hgq4j.model.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.data.Npy;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.LayerVisitor;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a model into the entries of a .hgq file: {@code model.json} and one .npy per stored array. */
final class ManifestWriter implements LayerVisitor<ObjectNode> {

    private final ObjectMapper json;
    private final Map<String, byte[]> tensors = new LinkedHashMap<>();
    private String layer;

    private ManifestWriter(ObjectMapper json) {
        this.json = json;
    }

    /** The entries of the file, the manifest first. */
    static Map<String, byte[]> entries(FirmwareModel model, ObjectMapper json) {
        ManifestWriter writer = new ManifestWriter(json);
        ObjectNode root = json.createObjectNode();
        root.put("format", HgqFile.FORMAT_NAME);
        root.put("formatVersion", HgqFile.FORMAT_VERSION);
        root.put("name", model.name());
        ArrayNode outputs = root.putArray("outputs");
        model.outputs().forEach(outputs::add);
        ObjectNode metadata = root.putObject("metadata");
        model.metadata().forEach(metadata::put);
        ObjectNode metrics = root.putObject("metrics");
        model.metrics().forEach(metrics::put);
        ArrayNode layers = root.putArray("layers");
        for (Layer l : model.layers()) {
            writer.layer = l.name();
            ObjectNode node = json.createObjectNode();
            node.put("name", l.name());
            node.put("op", l.op());
            if (!l.inputs().isEmpty()) {
                ArrayNode inputs = node.putArray("inputs");
                l.inputs().forEach(inputs::add);
            }
            node.setAll(l.accept(writer));
            layers.add(node);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try {
            entries.put(HgqFile.MANIFEST, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialise the manifest", e);
        }
        entries.putAll(writer.tensors);
        return entries;
    }

    /**
     * The shape, the type palette and, when the elements do not share one type, the entry {@code <what>.npy} holding
     * each element's palette index.
     */
    private ObjectNode types(String what, TensorType type) {
        ObjectNode node = json.createObjectNode();
        node.set("shape", shape(type.shape()));
        ArrayNode palette = node.putArray("palette");
        type.palette().forEach(t -> palette.add(t.toString()));
        int[] index = type.paletteIndex();
        if (index != null) {
            String entry = entryName(what);
            tensors.put(entry, Npy.writeInt32(type.shape().dims(), index));
            node.put("typeIndex", entry);
        }
        return node;
    }

    /** {@link #types} plus the entry holding the integer codes. */
    private ObjectNode constant(String what, FixedTensor tensor) {
        ObjectNode node = types(what + ".types", tensor.type());
        String entry = entryName(what);
        long[] codes = new long[tensor.size()];
        for (int i = 0; i < codes.length; i++) {
            // The low 64 bits: two's complement for signed codes, the bit pattern of a 64-bit unsigned code.
            codes[i] = tensor.raw(i).longValue();
        }
        tensors.put(entry, Npy.writeInt64(tensor.shape().dims(), codes));
        node.put("codes", entry);
        return node;
    }

    private String entryName(String what) {
        return "tensors/" + layer + "/" + what + ".npy";
    }

    private ArrayNode shape(Shape shape) {
        ArrayNode dims = json.createArrayNode();
        for (int d : shape.dims()) {
            dims.add(d);
        }
        return dims;
    }

    private ArrayNode ints(int... values) {
        ArrayNode array = json.createArrayNode();
        for (int v : values) {
            array.add(v);
        }
        return array;
    }

    private ObjectNode node() {
        return json.createObjectNode();
    }

    @Override
    public ObjectNode visitInput(Input l) {
        ObjectNode n = node();
        n.set("type", types("types", l.type()));
        return n;
    }

    @Override
    public ObjectNode visitDense(Dense l) {
        ObjectNode n = node();
        n.set("kernel", constant("kernel", l.kernel()));
        n.set("bias", constant("bias", l.bias()));
        return n;
    }

    @Override
    public ObjectNode visitConv(Conv l) {
        ObjectNode n = node();
        n.set("kernel", constant("kernel", l.kernel()));
        n.set("bias", constant("bias", l.bias()));
        n.set("strides", l.spatialRank() == 2 ? ints(l.strideHeight(), l.strideWidth()) : ints(l.strideWidth()));
        n.put("padding", l.padding().keyword());
        return n;
    }

    @Override
    public ObjectNode visitPool(Pool l) {
        ObjectNode n = node();
        boolean twoD = l.spatialRank() == 2;
        n.set("poolSize", twoD ? ints(l.poolHeight(), l.poolWidth()) : ints(l.poolWidth()));
        n.set("strides", twoD ? ints(l.strideHeight(), l.strideWidth()) : ints(l.strideWidth()));
        n.put("padding", l.padding().keyword());
        return n;
    }

    @Override
    public ObjectNode visitReshape(Reshape l) {
        ObjectNode n = node();
        n.set("shape", shape(l.shape()));
        return n;
    }

    @Override
    public ObjectNode visitRelu(Relu l) {
        return node();
    }

    @Override
    public ObjectNode visitAdd(Add l) {
        return node();
    }

    @Override
    public ObjectNode visitConcatenate(Concatenate l) {
        ObjectNode n = node();
        n.put("axis", l.axis());
        return n;
    }

    @Override
    public ObjectNode visitTableLookup(TableLookup l) {
        ObjectNode n = node();
        n.put("function", l.function());
        n.set("table", constant("table", l.table()));
        return n;
    }

    @Override
    public ObjectNode visitSoftmax(Softmax l) {
        ObjectNode n = node();
        n.put("expIndex", l.expIndex().toString());
        n.set("expTable", constant("exp_table", l.expTable()));
        n.put("invIndex", l.invIndex().toString());
        n.set("invTable", constant("inv_table", l.invTable()));
        n.put("output", l.output().toString());
        return n;
    }

    @Override
    public ObjectNode visitQuantize(Quantize l) {
        ObjectNode n = node();
        n.set("type", types("types", l.target()));
        return n;
    }
}
