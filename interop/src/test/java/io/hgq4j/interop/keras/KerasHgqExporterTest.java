package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.RandomModels;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KerasHgqExporter}: import(export(m)) gives m back, for the peer HGQ models (exactly, metadata included) and
 * for random models of every exportable layer kind (up to each weight element's type, which the importer narrows, and
 * the metadata, which is the importer's); the exported files also compute, per {@link ProxyEvaluator}'s independent
 * reading of the HDF5 file, what the firmware model computes. Unsupported models fail naming the layer.
 */
class KerasHgqExporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    // ---- peers: import -> export -> import is the identity ----

    static Stream<Path> peers() {
        List<Path> peers = new ArrayList<>(List.of(Fixtures.peer(Fixtures.JET), Fixtures.peer(Fixtures.MNIST)));
        Path heterogeneous = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"), "peers",
                "hgq_mnist_heterogeneous.h5");
        if (Files.isRegularFile(heterogeneous)) {
            peers.add(heterogeneous);
        }
        return peers.stream();
    }

    @ParameterizedTest
    @MethodSource("peers")
    void peerModelsRoundTripExactly(Path peer) throws IOException {
        FirmwareModel model = KerasHgqImporter.read(peer);
        Path exported = dir.resolve(peer.getFileName().toString());   // same file name: same 'source' metadata

        KerasHgqExporter.write(model, exported);
        FirmwareModel back = KerasHgqImporter.read(exported);

        assertThat(back).isEqualTo(model);
        assertThat(back.layers()).isEqualTo(model.layers());
        assertThat(back.metadata()).isEqualTo(model.metadata());
    }

    @ParameterizedTest
    @MethodSource("peers")
    void peerQuantizerArraysHaveHgqsLayout(Path peer) throws IOException {
        Path exported = dir.resolve("export.h5");
        KerasHgqExporter.write(KerasHgqImporter.read(peer), exported);

        int compared = 0;
        try (HdfFile original = new HdfFile(peer); HdfFile written = new HdfFile(exported)) {
            Group originalWeights = (Group) original.getChild("model_weights");
            Group writtenWeights = (Group) written.getChild("model_weights");
            for (Node layer : originalWeights.getChildren().values()) {
                if (layer instanceof Group g && g.getChild("bits:0") instanceof Dataset bits
                        && writtenWeights.getChild(g.getName()) instanceof Group w) {
                    for (String array : List.of("bits:0", "integers:0", "keep_negative:0")) {
                        Dataset mine = (Dataset) w.getChild(array);
                        Dataset theirs = (Dataset) g.getChild(array);
                        if (Arrays.stream(theirs.getDimensions()).allMatch(d -> d == 1)) {
                            // HGQ keeps [1, 1, ...] for a layer-wide type; the exporter writes [1], which broadcasts alike
                            assertThat(mine.getDimensions()).as(g.getName() + "/" + array).containsExactly(1);
                            assertThat(mine.getDataFlat()).as(g.getName() + "/" + array).isEqualTo(theirs.getDataFlat());
                        } else {
                            assertThat(mine.getDimensions()).as(g.getName() + "/" + array)
                                    .isEqualTo(bits.getDimensions());
                            assertThat(mine.getData()).as(g.getName() + "/" + array).isEqualTo(theirs.getData());
                        }
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(3);
    }

    @Test
    void writtenFileHasKerasRootAttributesAndWeightLayout() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(Fixtures.peer(Fixtures.JET));
        Path exported = dir.resolve("sub/jet.h5");
        KerasHgqExporter.write(model, exported);

        try (HdfFile file = new HdfFile(exported)) {
            assertThat(file.getAttribute("keras_version").getData()).isEqualTo("2.13.1");
            assertThat(file.getAttribute("backend").getData()).isEqualTo("tensorflow");
            JsonNode config = JSON.readTree((String) file.getAttribute("model_config").getData());
            assertThat(config.get("class_name").asText()).isEqualTo("Functional");
            assertThat(config.at("/config/name").asText()).isEqualTo("model");
            assertThat(config.at("/config/input_layers").toString()).isEqualTo("[[\"input_1\",0,0]]");
            assertThat(config.at("/config/output_layers").toString()).isEqualTo("[[\"dense_4_quantizer\",0,0]]");
            assertThat(config.at("/config/layers/1/class_name").asText()).isEqualTo("FixedPointQuantizer");
            assertThat(config.at("/config/layers/1/config/RND").asText()).isEqualTo("TRN");
            assertThat(config.at("/config/layers/1/config/SAT").asText()).isEqualTo("WRAP");
            assertThat(config.at("/config/layers/1/inbound_nodes").toString())
                    .isEqualTo("[[[\"input_1\",0,0,{}]]]");

            assertThat(file.getChildren().keySet()).containsExactlyInAnyOrder("model_weights",
                    KerasHgqExporter.TRAILING_DATASET);
            Group weights = (Group) file.getChild("model_weights");
            assertThat(weights.getAttribute("keras_version").getData()).isEqualTo("2.13.1");
            assertThat(weights.getAttribute("backend").getData()).isEqualTo("tensorflow");
            String[] layerNames = (String[]) weights.getAttribute("layer_names").getData();
            assertThat(layerNames).startsWith("input_1", "input_1_quantizer", "dense_1", "dense_1_quantizer",
                    "dense_1_relu").hasSize(16).endsWith("dense_4_quantizer");
            Group dense1 = (Group) weights.getChild("dense_1");
            assertThat((String[]) dense1.getAttribute("weight_names").getData())
                    .containsExactly("dense_1/kernel:0", "dense_1/bias:0");
            Dataset kernel = (Dataset) ((Group) dense1.getChild("dense_1")).getChild("kernel:0");
            assertThat(kernel.getDimensions()).containsExactly(16, 64);
            assertThat(kernel.getJavaType()).isEqualTo(float.class);
            float[][] k = (float[][]) kernel.getData();
            assertThat((double) k[0][9]).isEqualTo(((Dense) model.layer("dense_1")).kernel().get(9).toDouble());
            Group quantizer = (Group) weights.getChild("dense_1_quantizer");
            assertThat((String[]) quantizer.getAttribute("weight_names").getData())
                    .containsExactly("keep_negative:0", "bits:0", "integers:0");
            assertThat(((Dataset) quantizer.getChild("bits:0")).getData()).isEqualTo(new byte[] {12});
            assertThat(((Group) weights.getChild("dense_1_relu")).getChildren()).isEmpty();
        }
        try (Stream<Path> left = Files.list(exported.getParent())) {
            assertThat(left).containsExactly(exported);            // no temporary file left behind
        }
    }

    @Test
    void filesReadBackWhateverLayerGroupJhdfWritesLast() throws IOException {
        // jhdf 0.9.4 clobbers a group header written after the last dataset's data; the exporter's trailing dataset
        // must keep every file readable, whichever layer group (with or without weights) the writer visits last
        FixedType type = FixedType.signed(6, 2);
        for (int n = 0; n < 30; n++) {
            FirmwareModel model = FirmwareModel.builder("m" + n)
                    .add(new Input("in" + n, TensorType.uniform(Shape.of(3), type)))
                    .add(new Relu("relu" + n, "in" + n))
                    .add(new io.hgq4j.model.ir.Reshape("reshape_" + n, "relu" + n, Shape.of(3, 1)))
                    .output("reshape_" + n).build();
            Path file = dir.resolve("m" + n + ".h5");
            KerasHgqExporter.write(model, file);
            assertThat(KerasHgqImporter.read(file)).as(model.name()).isEqualTo(expectedImport(model, file.getFileName().toString()));
        }
    }

    @Test
    void layerNamesFollowKerassOrderOfTheRebuiltModel() throws IOException {
        // Keras matches weight groups to layers by position in its own order: by depth from the outputs, then DFS order
        FirmwareModel model = exportable(RandomModels.model(RandomModels.RECIPES.indexOf("two_inputs"), 3), 3);
        assertThat(model.layers().stream().map(Layer::name)).containsExactly("a", "c", "joined", "dense", "out");
        Path file = dir.resolve("two.h5");
        KerasHgqExporter.write(model, file);

        try (HdfFile h5 = new HdfFile(file)) {
            String[] layerNames = (String[]) ((Group) h5.getChild("model_weights")).getAttribute("layer_names").getData();
            assertThat(layerNames).containsExactly("a", "c", "a_quantizer", "c_quantizer", "joined", "dense", "out");
            JsonNode layers = JSON.readTree((String) h5.getAttribute("model_config").getData()).at("/config/layers");
            List<String> configOrder = new ArrayList<>();
            layers.forEach(l -> configOrder.add(l.get("name").asText()));
            assertThat(configOrder).containsExactly("a", "a_quantizer", "c", "c_quantizer", "joined", "dense", "out");
        }
        assertThat(KerasHgqExporter.kerasOrder(new LinkedHashMap<>(Map.of("x", List.of(), "y", List.of("x"),
                "z", List.of("x"), "s", List.of("y", "z"), "t", List.of("s", "x"))), List.of("t", "z")))
                .containsExactly("x", "y", "z", "s", "t");
    }

    @ParameterizedTest
    @MethodSource("peers")
    void peerLayerNamesKeepTheirOrder(Path peer) throws IOException {
        Path exported = dir.resolve("order.h5");
        KerasHgqExporter.write(KerasHgqImporter.read(peer), exported);
        try (HdfFile original = new HdfFile(peer); HdfFile written = new HdfFile(exported)) {
            String[] theirs = (String[]) ((Group) original.getChild("model_weights")).getAttribute("layer_names").getData();
            String[] mine = (String[]) ((Group) written.getChild("model_weights")).getAttribute("layer_names").getData();
            // same order; only the input quantizer's name differs (the importer folds it into the input)
            assertThat(mine).hasSameSizeAs(theirs);
            for (int j = 0; j < mine.length; j++) {
                if (!theirs[j].equals(mine[j])) {
                    assertThat(mine[j]).isEqualTo(mine[j - 1] + "_quantizer");
                }
            }
        }
    }

    // ---- random models ----

    static Stream<Arguments> randomModels() {
        List<Arguments> cases = new ArrayList<>();
        for (String recipe : List.of("mlp", "cnn2d", "cnn1d", "two_inputs")) {
            for (long seed = 0; seed < 25; seed++) {
                cases.add(Arguments.of(recipe, seed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("randomModels")
    void randomModelsRoundTrip(String recipe, long seed) throws IOException {
        FirmwareModel model = exportable(RandomModels.model(RandomModels.RECIPES.indexOf(recipe), seed), seed);
        Path file = dir.resolve(recipe + ".h5");

        KerasHgqExporter.write(model, file);
        FirmwareModel back = KerasHgqImporter.read(file);

        assertThat(back).isEqualTo(expectedImport(model, file.getFileName().toString()));

        Random random = new Random(seed);
        ReferenceEvaluator original = new ReferenceEvaluator(model);
        ReferenceEvaluator reimported = new ReferenceEvaluator(back);
        ProxyEvaluator proxy = model.inputs().size() == 1 ? new ProxyEvaluator(file) : null;
        for (int s = 0; s < 20; s++) {
            Map<String, double[]> samples = new LinkedHashMap<>();
            for (Input input : model.inputs()) {
                samples.put(input.name(), RandomModels.sample(input, random));
            }
            Map<String, FixedTensor> expected = original.evaluate(samples);
            Map<String, FixedTensor> actual = reimported.evaluate(samples);
            for (String output : model.outputs()) {
                assertThat(actual.get(output).toDoubles()).as(output).isEqualTo(expected.get(output).toDoubles());
            }
            if (proxy != null) {
                double[] floats = proxy.evaluate(samples.values().iterator().next());
                assertThat(floats).as("proxy evaluation of the exported file")
                        .isEqualTo(expected.get(model.outputs().get(0)).toDoubles());
            }
        }
    }

    // ---- what the format cannot hold ----

    @Test
    void tableLookupAndSoftmaxHaveNoProxyForm() {
        FirmwareModel branches = exportable(RandomModels.model(RandomModels.RECIPES.indexOf("branches"), 1), 1);
        FirmwareModel softmax = exportable(RandomModels.model(RandomModels.RECIPES.indexOf("softmax"), 1), 1);
        Path file = dir.resolve("x.h5");

        assertThatThrownBy(() -> KerasHgqExporter.write(branches, file)).isInstanceOf(ExportException.class)
                .hasMessage("model 'branches': layer 'act' (table) has no HGQ proxy Keras form; exportable layer "
                        + "kinds: input, dense, conv, pool, reshape, relu, add, concatenate, quantize");
        assertThatThrownBy(() -> KerasHgqExporter.write(softmax, file)).isInstanceOf(ExportException.class)
                .hasMessageStartingWith("model 'softmax': layer 'softmax' (softmax) has no HGQ proxy Keras form");
        assertThat(file).doesNotExist();
    }

    @Test
    void weightFloat32CannotHoldFailsNamingTheElement() {
        FixedType wide = FixedType.signed(30, 2);
        FixedTensor kernel = FixedTensor.of(TensorType.uniform(Shape.of(2, 1), wide),
                new BigInteger[] {BigInteger.ONE, BigInteger.ONE.shiftLeft(28).add(BigInteger.ONE)});
        FirmwareModel model = FirmwareModel.builder("wide")
                .add(new Input("x", TensorType.uniform(Shape.of(2), FixedType.signed(8, 3))))
                .add(Dense.withoutBias("d", "x", kernel))
                .output("d").build();
        Path file = dir.resolve("wide.h5");

        assertThatThrownBy(() -> KerasHgqExporter.write(model, file)).isInstanceOf(ExportException.class)
                .hasMessageStartingWith("model 'wide': layer 'd' (dense) kernel element 1 (of shape 2x1) is ")
                .hasMessageContaining("float32 cannot hold exactly");
        assertThat(file).doesNotExist();
    }

    @Test
    void quantizerModesMustBeOneHgqPair() {
        FixedType rnd = FixedType.signed(8, 3).withModes(Quantization.RND, Overflow.SAT);
        FixedType trn = FixedType.signed(8, 3);
        FirmwareModel mixed = FirmwareModel.builder("mixed")
                .add(new Input("x", TensorType.of(Shape.of(2), new FixedType[] {rnd, trn}))).output("x").build();
        FirmwareModel foreign = FirmwareModel.builder("foreign")
                .add(new Input("x", TensorType.uniform(Shape.of(2), trn)))
                .add(new Quantize("q", "x", TensorType.uniform(Shape.of(2),
                        trn.withModes(Quantization.RND_ZERO, Overflow.WRAP))))
                .output("q").build();
        FirmwareModel wideIntegers = FirmwareModel.builder("wideint")
                .add(new Input("x", TensorType.uniform(Shape.of(2), FixedType.signed(8, 200)))).output("x").build();

        assertThatThrownBy(() -> KerasHgqExporter.plan(mixed)).isInstanceOf(ExportException.class)
                .hasMessage("model 'mixed': layer 'x' (input) mixes modes RND, SAT (element 0) and TRN, WRAP (element 1); "
                        + "a FixedPointQuantizer has one RND and one SAT mode for all elements");
        assertThatThrownBy(() -> KerasHgqExporter.plan(foreign)).isInstanceOf(ExportException.class)
                .hasMessageStartingWith("model 'foreign': layer 'q' (quantize) uses modes RND_ZERO, WRAP; ");
        assertThatThrownBy(() -> KerasHgqExporter.plan(wideIntegers)).isInstanceOf(ExportException.class)
                .hasMessageContaining("layer 'x' (input) element 0 has type").hasMessageContaining("-128..127");
    }

    @Test
    void broadcastShapeKeepsOnlyTheAxesTypesVaryAlong() {
        Shape hwc = Shape.of(2, 3, 4);
        byte[] perChannel = new byte[24];
        byte[] constant = new byte[24];
        for (int e = 0; e < 24; e++) {
            perChannel[e] = (byte) (e % 4);
            constant[e] = 7;
        }
        assertThat(KerasHgqExporter.broadcastDims(hwc, constant, constant)).containsExactly(1);
        assertThat(KerasHgqExporter.broadcastDims(hwc, constant, perChannel)).containsExactly(1, 1, 1, 4);
        byte[] perRow = new byte[24];
        perRow[12] = 1;                                       // only row 1, column 0, channel 0 differs
        assertThat(KerasHgqExporter.broadcastDims(hwc, perRow)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void reluAndZeroBiasConvRoundTrip() throws IOException {
        FixedType in = FixedType.signed(6, 2).withModes(Quantization.RND_CONV, Overflow.SAT_SYM);
        FixedTensor kernel = FixedTensor.quantize(TensorType.uniform(Shape.of(2, 2, 1, 2), FixedType.signed(4, 1)),
                new double[] {0.5, -0.25, 1, 0, -1, 0.125, 0.75, -0.5});
        FixedTensor zeroBias = FixedTensor.zeros(TensorType.uniform(Shape.of(2), FixedType.signed(4, 1)));
        FirmwareModel model = FirmwareModel.builder("tiny")
                .add(new Input("img", TensorType.uniform(Shape.of(3, 3, 1), in)))
                .add(Conv.conv2d("c", "img", kernel, zeroBias, 1, 1, io.hgq4j.model.ir.Padding.VALID))
                .add(new Relu("r", "c"))
                .output("r").build();
        Path file = dir.resolve("tiny.h5");

        KerasHgqExporter.write(model, file);
        FirmwareModel back = KerasHgqImporter.read(file);

        assertThat(back).isEqualTo(expectedImport(model, "tiny.h5"));
        assertThat(((Conv) back.layer("c")).bias()).isEqualTo(
                FixedTensor.zeros(TensorType.uniform(Shape.of(2), FixedType.ZERO)));
        try (HdfFile h5 = new HdfFile(file)) {
            JsonNode config = JSON.readTree((String) h5.getAttribute("model_config").getData());
            assertThat(config.at("/config/layers/2/config/use_bias").asBoolean()).isFalse();
            assertThat(config.at("/config/layers/1/config/RND").asText()).isEqualTo("RND_CONV");
            assertThat(config.at("/config/layers/1/config/SAT").asText()).isEqualTo("SAT_SYM");
        }
    }

    // ---- helpers ----

    /**
     * The model with one HGQ mode pair per input and quantizer (drawn with {@code seed}): a FixedPointQuantizer has one
     * RND and one SAT mode, RandomModels draws them per element.
     */
    static FirmwareModel exportable(FirmwareModel model, long seed) {
        Random random = new Random(seed);
        List<Quantization> roundings = List.of(Quantization.TRN, Quantization.RND, Quantization.RND_CONV);
        List<Overflow> overflows = List.of(Overflow.WRAP, Overflow.SAT, Overflow.SAT_SYM);
        FirmwareModel.Builder builder = FirmwareModel.builder(model.name());
        for (Layer layer : model.layers()) {
            Quantization q = roundings.get(random.nextInt(roundings.size()));
            Overflow o = overflows.get(random.nextInt(overflows.size()));
            if (layer instanceof Input input) {
                builder.add(new Input(input.name(), withModes(input.type(), q, o)));
            } else if (layer instanceof Quantize quantize) {
                builder.add(new Quantize(quantize.name(), quantize.input(), withModes(quantize.target(), q, o)));
            } else {
                builder.add(layer);
            }
        }
        model.outputs().forEach(builder::output);
        model.metadata().forEach(builder::metadata);
        return builder.build();
    }

    private static TensorType withModes(TensorType types, Quantization q, Overflow o) {
        return TensorType.build(types.shape(), i -> types.typeAt(i).withModes(q, o));
    }

    /**
     * What the importer must give back: the same layers with every weight element in the narrowest type holding its
     * value ({@link ExactFloats}, as the importer reads float32 weights), and the importer's metadata.
     */
    static FirmwareModel expectedImport(FirmwareModel model, String fileName) {
        FirmwareModel.Builder builder = FirmwareModel.builder(model.name());
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense d) {
                builder.add(new Dense(d.name(), d.input(), narrowest(d.kernel()), narrowest(d.bias())));
            } else if (layer instanceof Conv c) {
                builder.add(new Conv(c.name(), c.input(), narrowest(c.kernel()), narrowest(c.bias()), c.strideHeight(),
                        c.strideWidth(), c.padding()));
            } else {
                builder.add(layer);
            }
        }
        model.outputs().forEach(builder::output);
        builder.metadata("source", fileName);
        builder.metadata("importer", KerasHgqImporter.IMPORTER);
        builder.metadata("keras_version", model.metadata().getOrDefault("keras_version", KerasHgqExporter.KERAS_VERSION));
        return builder.build();
    }

    private static FixedTensor narrowest(FixedTensor tensor) {
        FixedType[] types = new FixedType[tensor.size()];
        BigInteger[] raw = new BigInteger[tensor.size()];
        for (int i = 0; i < types.length; i++) {
            FixedValue v = ExactFloats.exact(tensor.get(i).toDouble());
            types[i] = v.type();
            raw[i] = v.raw();
        }
        return FixedTensor.of(TensorType.of(tensor.shape(), types), raw);
    }
}
