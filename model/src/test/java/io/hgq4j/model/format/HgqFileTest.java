package io.hgq4j.model.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.data.Npy;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.InvalidModelException;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.HandWorkedSoftmax;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HgqFileTest {

    static Stream<Integer> seeds() {
        return IntStream.range(0, RandomModels.RECIPES.size() * 12).boxed();
    }

    @ParameterizedTest(name = "random model {0}")
    @MethodSource("seeds")
    void randomModelsRoundTripExactly(int seed) {
        FirmwareModel model = RandomModels.model(seed, 7919L * seed).toBuilder()
                .metadata("producer", "test").metric("accuracy", 0.75 + seed * 1e-3).build();
        byte[] bytes = HgqFile.toBytes(model);
        assertThat(HgqFile.fromBytes(bytes, "m.hgq")).isEqualTo(model);
        assertThat(HgqFile.toBytes(model)).as("deterministic bytes").isEqualTo(bytes);
    }

    @Test
    void writesAndReadsFiles(@TempDir Path dir) throws IOException {
        FirmwareModel model = RandomModels.model(1, 3);
        Path file = dir.resolve("sub/model.hgq");
        HgqFile.write(model, file);
        HgqFile.write(model, file); // replaces
        assertThat(HgqFile.read(file)).isEqualTo(model);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        assertThatThrownBy(() -> HgqFile.read(dir.resolve("missing.hgq"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void sixtyFourBitCodesSurviveIncludingUnsignedOnes() {
        FixedType unsigned = FixedType.unsigned(64, 10);
        FixedType signed = FixedType.signed(64, 3);
        TensorType kernelType = TensorType.of(Shape.of(2, 2), new FixedType[] {unsigned, signed, unsigned, signed});
        BigInteger[] raw = {unsigned.maxRaw(), signed.minRaw(), BigInteger.ONE.shiftLeft(63), signed.maxRaw()};
        FirmwareModel model = FirmwareModel.builder("wide")
                .add(new Input("x", TensorType.uniform(Shape.of(2), FixedType.signed(8, 2))))
                .add(Dense.withoutBias("d", "x", FixedTensor.of(kernelType, raw)))
                .output("d").build();
        assertThat(HgqFile.fromBytes(HgqFile.toBytes(model), "wide.hgq")).isEqualTo(model);
    }

    @Test
    void theManifestIsReadableJson() {
        FirmwareModel model = RandomModels.model(0, 11);
        String manifest = new String(HgqFile.entriesOf(model).get(HgqFile.MANIFEST), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"format\" : \"hgq4j-model\"", "\"formatVersion\" : 1", "\"op\" : \"dense\"",
                "\"codes\" : \"tensors/dense1/kernel.npy\"");
    }

    // ---- one precise, one-line message per kind of damage ----

    @Test
    void notAZip() {
        assertInvalid("just text".getBytes(StandardCharsets.US_ASCII), "not a .hgq file");
        byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        assertInvalid(hdf5, "looks like a Keras .h5 file");
    }

    @Test
    void unknownFormatVersion() {
        assertInvalid(editManifest(json -> json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 7")),
                "format version 7 is newer than this hgq4j reads (1)");
        assertInvalid(editManifest(json -> json.replace("\"hgq4j-model\"", "\"other\"")), "model.json.format");
    }

    @Test
    void missingTensor() {
        Map<String, byte[]> entries = HgqFile.entriesOf(sample());
        entries.remove("tensors/dense/kernel.npy");
        assertInvalid(HgqFile.zip(entries), "missing entry tensors/dense/kernel.npy");
    }

    @Test
    void unexpectedEntry() {
        Map<String, byte[]> entries = HgqFile.entriesOf(sample());
        entries.put("tensors/extra.npy", new byte[] {1});
        assertInvalid(HgqFile.zip(entries), "unexpected entry [tensors/extra.npy]");
    }

    @Test
    void shapeMismatch() {
        assertInvalid(editManifest(json -> json.replaceFirst("\"shape\" : \\[ 3, 2 \\]", "\"shape\" : [ 2, 3 ]")),
                "tensors/dense/kernel.npy: array shape [3, 2] does not match the declared shape [2, 3]");
    }

    @Test
    void weightNotRepresentableInItsType() {
        assertInvalid(editManifest(json -> json.replace("\"fixed<4,1>\"", "\"fixed<2,1>\"")),
                "tensors/dense/kernel.npy: element 0 has code 5, which is not representable in fixed<2,1>");
    }

    @Test
    void widthOutOfRange() {
        assertInvalid(editManifest(json -> json.replace("\"fixed<4,1>\"", "\"fixed<70,1>\"")),
                "layers[1] (dense)", "kernel has type fixed<70,1>; stored values may be at most 64 bits wide");
        assertInvalid(editManifest(json -> json.replace("\"fixed<4,1>\"", "\"fixed<5000,1>\"")),
                "palette[0]", "width 5000 is out of range");
    }

    @Test
    void danglingInput() {
        assertInvalid(editManifest(json -> json.replace("\"inputs\" : [ \"x\" ]", "\"inputs\" : [ \"nowhere\" ]")),
                "layer 'dense' reads 'nowhere', which is not a layer of the model");
    }

    @Test
    void cycle() {
        FirmwareModel model = FirmwareModel.builder("loop")
                .add(new Input("x", TensorType.uniform(Shape.of(2), FixedType.signed(4, 1))))
                .add(new io.hgq4j.model.ir.Add("a", java.util.List.of("x", "x")))
                .add(new io.hgq4j.model.ir.Add("b", java.util.List.of("a", "x")))
                .output("b").build();
        String cyclic = new String(HgqFile.entriesOf(model).get(HgqFile.MANIFEST), StandardCharsets.UTF_8)
                .replace("\"inputs\" : [ \"x\", \"x\" ]", "\"inputs\" : [ \"b\", \"x\" ]");
        assertInvalid(withManifest(model, cyclic), "form a cycle");
    }

    @Test
    void nonFiniteNumbers() {
        assertInvalid(editManifest(json -> json.replace("\"metrics\" : { }", "\"metrics\" : { \"accuracy\" : NaN }")),
                "model.json: not valid JSON at line");
        assertInvalid(editManifest(json -> json.replace("\"metrics\" : { }", "\"metrics\" : { \"accuracy\" : 1e999 }")),
                "metric 'accuracy' is Infinity; metrics must be finite numbers");
    }

    @Test
    void misspeltFieldsAndWrongTypes() {
        assertInvalid(editManifest(json -> json.replace("\"kernel\" :", "\"kernal\" :")), "layers[1] (dense): unknown field 'kernal'");
        assertInvalid(editManifest(json -> json.replace("\"name\" : \"sample\"", "\"name\" : 3")),
                "model.json.name: expected a string, found number 3");
        assertInvalid(editManifest(json -> json.replace("\"op\" : \"dense\"", "\"op\" : \"lstm\"")), "unknown operation 'lstm'");
    }

    @Test
    void damagedArrays() {
        Map<String, byte[]> entries = HgqFile.entriesOf(sample());
        entries.put("tensors/dense/kernel.npy", Npy.writeInt32(new int[] {3, 2}, new int[] {1, 2, 3, 4, 5, 6}));
        assertThat(HgqFile.fromBytes(HgqFile.zip(entries), "m.hgq").layer("dense")).isNotNull(); // any integer dtype
        byte[] floats = Npy.writeInt64(new int[] {3, 2}, new long[6]);
        floats[22] = 'f'; // the header starts at byte 10 with {'descr': '<i8': byte 22 is the 'i'
        entries.put("tensors/dense/kernel.npy", floats);
        assertInvalid(HgqFile.zip(entries), "tensors/dense/kernel.npy", "dtype <f8 holds no integer codes");
        byte[] garbled = Npy.writeInt64(new int[] {3, 2}, new long[6]);
        garbled[18] = 'f'; // the ':' after 'descr'
        entries.put("tensors/dense/kernel.npy", garbled);
        assertInvalid(HgqFile.zip(entries), "tensors/dense/kernel.npy");
        entries.put("tensors/dense/kernel.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M'});
        assertInvalid(HgqFile.zip(entries), "tensors/dense/kernel.npy: not a .npy array");
    }

    @Test
    void softmaxLayersKeepTheirTablesAndTypes() {
        FirmwareModel model = softmaxSample();
        String manifest = new String(HgqFile.entriesOf(model).get(HgqFile.MANIFEST), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"op\" : \"softmax\"", "\"expIndex\" : \"ufixed<2,1,RND,SAT>\"",
                "\"codes\" : \"tensors/sm/exp_table.npy\"", "\"invIndex\" : \"ufixed<3,2,RND,SAT>\"",
                "\"codes\" : \"tensors/sm/inv_table.npy\"", "\"output\" : \"ufixed<3,0,RND,SAT>\"");
        assertThat(HgqFile.fromBytes(HgqFile.toBytes(model), "m.hgq")).isEqualTo(model);
        FirmwareModel random = RandomModels.model(5, 3);
        assertThat(random.layers()).extracting(io.hgq4j.model.ir.Layer::op).contains("softmax");
        assertThat(HgqFile.fromBytes(HgqFile.toBytes(random), "m.hgq")).isEqualTo(random);
    }

    @Test
    void softmaxFieldsAreChecked() {
        FirmwareModel model = softmaxSample();
        assertInvalid(editManifest(model, json -> json.replace("\"ufixed<2,1,RND,SAT>\"", "\"fixed<2,1,RND,SAT>\"")),
                "layers[1] (sm)", "layer 'sm': expIndex type fixed<2,1,RND,SAT> must be unsigned");
        assertInvalid(editManifest(model, json -> json.replace("\"ufixed<2,1,RND,SAT>\"", "\"ufixed<2,1,RND,SATT>\"")),
                "layers[1] (sm).expIndex: ");
        assertInvalid(editManifest(model, json -> json.replace("\"expIndex\" : \"ufixed<2,1,RND,SAT>\"", "\"expIndex\" : 3")),
                "layers[1] (sm).expIndex: expected a string, found number 3");
        assertInvalid(editManifest(model, json -> json.replace("\"ufixed<3,2,RND,SAT>\"", "\"ufixed<4,2,RND,SAT>\"")),
                "layer 'sm': invTable must be 1-D with 2^4 = 16 entries", "got shape 8");
        assertInvalid(editManifest(model, json -> json.replaceFirst(",\\s*\"output\" : \"ufixed<3,0,RND,SAT>\"", "")),
                "layers[1] (sm): missing field 'output'");
        assertInvalid(editManifest(model, json -> json.replace("\"invTable\"", "\"invtable\"")),
                "layers[1] (sm): unknown field 'invtable'");
    }

    /** x (2x3 of fixed<4,2>) -> softmax "sm" with the hand-worked tables. */
    static FirmwareModel softmaxSample() {
        return HandWorkedSoftmax.model(2, 3, HandWorkedSoftmax.Y);
    }

    // ---- helpers ----

    /** x (3 inputs) -> dense (3x2 kernel of fixed<4,1> codes 5, -3, ...). */
    static FirmwareModel sample() {
        return FirmwareModel.builder("sample")
                .add(new Input("x", TensorType.uniform(Shape.of(3), FixedType.signed(6, 2))))
                .add(new Dense("dense", "x",
                        FixedTensor.ofLongs(TensorType.uniform(Shape.of(3, 2), FixedType.signed(4, 1)), 5, -3, 0, 7, -8, 1),
                        FixedTensor.ofLongs(TensorType.uniform(Shape.of(2), FixedType.signed(3, 0)), 1, -1)))
                .output("dense").build();
    }

    private static byte[] editManifest(UnaryOperator<String> edit) {
        return editManifest(sample(), edit);
    }

    private static byte[] editManifest(FirmwareModel model, UnaryOperator<String> edit) {
        String json = new String(HgqFile.entriesOf(model).get(HgqFile.MANIFEST), StandardCharsets.UTF_8);
        String edited = edit.apply(json);
        assertThat(edited).as("the edit applies").isNotEqualTo(json);
        return withManifest(model, edited);
    }

    private static byte[] withManifest(FirmwareModel model, String manifest) {
        Map<String, byte[]> entries = new LinkedHashMap<>(HgqFile.entriesOf(model));
        entries.put(HgqFile.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        return HgqFile.zip(entries);
    }

    static void assertInvalid(byte[] bytes, String... fragments) {
        assertThatThrownBy(() -> HgqFile.fromBytes(bytes, "m.hgq"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("m.hgq: ")
                .hasMessageContainingAll(fragments)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
