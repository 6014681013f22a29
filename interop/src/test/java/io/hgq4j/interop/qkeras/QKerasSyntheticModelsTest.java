package io.hgq4j.interop.qkeras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Quantize;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small hand-written models: string-form quantizers, symmetric and unsigned quantized_bits, BN folding, .h5 files. */
class QKerasSyntheticModelsTest {

    @TempDir
    Path dir;

    private static final String INPUT = """
            {"class_name": "InputLayer", "config": {"name": "x", "batch_input_shape": [null, 2]}}""";

    static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [" + String.join(",", layers)
                + "]}}";
    }

    static String qdense(String name, int units, String kernelQ, String biasQ, String activation) {
        return "{\"class_name\": \"QDense\", \"config\": {\"name\": \"" + name + "\", \"units\": " + units
                + ", \"activation\": " + activation + ", \"use_bias\": true, \"kernel_quantizer\": " + kernelQ
                + ", \"bias_quantizer\": " + biasQ + "}}";
    }

    static String bits(int bits, int integer, int symmetric, boolean keepNegative) {
        return "{\"class_name\": \"quantized_bits\", \"config\": {\"bits\": " + bits + ", \"integer\": " + integer
                + ", \"symmetric\": " + symmetric + ", \"alpha\": 1, \"keep_negative\": " + keepNegative
                + ", \"use_stochastic_rounding\": false, \"qnoise_factor\": 1.0}}";
    }

    /** Writes {@code stem.json} and {@code stem_weights.h5} (Keras save_weights layout: group/group/name:0). */
    static Path write(Path dir, String stem, String json, Map<String, Map<String, Object>> weights) throws IOException {
        Files.writeString(dir.resolve(stem + ".json"), json);
        try (WritableHdfFile f = HdfFile.write(dir.resolve(stem + "_weights.h5"))) {
            putWeights(f, weights);
        }
        return dir.resolve(stem + ".json");
    }

    private static void putWeights(WritableGroup root, Map<String, Map<String, Object>> weights) {
        for (var layer : weights.entrySet()) {
            WritableGroup group = root.putGroup(layer.getKey());
            WritableGroup inner = group.putGroup(layer.getKey());
            String[] names = layer.getValue().keySet().stream().map(w -> layer.getKey() + "/" + w + ":0")
                    .toArray(String[]::new);
            layer.getValue().forEach((w, data) -> inner.putDataset(w + ":0", data));
            group.putAttribute("weight_names", names);
        }
    }

    static Map<String, Map<String, Object>> dense(String name, float[][] kernel, float[] bias) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("kernel", kernel);
        w.put("bias", bias);
        m.put(name, w);
        return m;
    }

    @Test
    void stringQuantizersSymmetricAndUnsignedBitsMapToTheirTypes() throws IOException {
        // kernel: quantized_bits(3,0,symmetric=1): grid 1/4, range [-3/4, 3/4] (SAT_SYM), half to even
        // bias: quantized_bits(4,1,keep_negative=False): ufixed<4,1>, grid 1/8, range [0, 15/8]
        String json = sequential(INPUT, qdense("d", 2, bits(3, 0, 1, true), bits(4, 1, 0, false),
                "\"quantized_relu(3,1)\""));
        Path file = write(dir, "m", json, dense("d",
                new float[][] {{-0.9f, 0.375f}, {0.125f, 0.625f}}, new float[] {-0.5f, 2.5f}));
        FirmwareModel model = QKerasImporter.read(file, Precision.parse("x: fixed<8,3,RND_CONV,SAT>"));
        Dense d = assertInstanceOf(Dense.class, model.layer("d"));
        assertEquals(FixedType.parse("fixed<3,1,RND_CONV,SAT_SYM>"), d.kernel().type().typeAt(0));
        // -0.9 → -0.75 (clip at -(m-1)/m, not -1); 0.375 = 1.5 LSB → 2 LSB (even) = 0.5; 0.125 → 0 (even); 0.625 → 0.5
        assertArrayEquals(new double[] {-0.75, 0.5, 0, 0.5}, d.kernel().toDoubles());
        assertEquals(FixedType.parse("ufixed<4,1,RND_CONV,SAT>"), d.bias().type().typeAt(0));
        assertArrayEquals(new double[] {0, 1.875}, d.bias().toDoubles());
        Quantize act = assertInstanceOf(Quantize.class, model.layer("d_act"));
        // quantized_relu(3,1): m = 8, m_i = 2: grid 1/4, largest 7/4
        assertEquals(FixedType.parse("ufixed<3,1,RND_CONV,SAT>"), act.target().uniformType());
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        // x = (1, 0.5): y0 = -0.75 → relu 0; y1 = 0.5 + 0.25 + 1.875 = 2.625 → saturates at 7/4
        assertArrayEquals(new double[] {0, 1.75}, evaluator.evaluate(new double[] {1, 0.5}).toDoubles());
        // x = (0, -1.5): y1 = -0.75 + 1.875 = 1.125 = 4.5 LSB: half to even gives 4 LSB = 1.0 (half-up would be 1.25)
        assertArrayEquals(new double[] {0, 1.0}, evaluator.evaluate(new double[] {0, -1.5}).toDoubles());
        // 1.375 = 5.5 LSB → 6 LSB = 1.5 (x = (0, -1)): ties go to the even code both ways
        assertArrayEquals(new double[] {0, 1.5}, evaluator.evaluate(new double[] {0, -1}).toDoubles());
    }

    @Test
    void batchNormalizationAfterQDenseIsFolded() throws IOException {
        String bn = """
                {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": -1, "epsilon": 0.25,
                 "center": true, "scale": true}}""";
        String json = sequential(INPUT, qdense("d", 2, bits(5, 2, 0, true), bits(5, 2, 0, true), "\"linear\""), bn,
                "{\"class_name\": \"QActivation\", \"config\": {\"name\": \"q\", \"activation\": \"quantized_bits(8,3)\"}}");
        Map<String, Map<String, Object>> w = dense("d", new float[][] {{1f, 0.5f}, {-0.25f, 2f}}, new float[] {0.5f, -1f});
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("gamma", new float[] {1f, 2f});
        b.put("beta", new float[] {0.5f, -1f});
        b.put("moving_mean", new float[] {0.25f, 0f});
        b.put("moving_variance", new float[] {3.75f, 0.75f});
        w.put("bn", b);
        FirmwareModel model = QKerasImporter.read(write(dir, "bn", json, w), Precision.parse("fixed<8,3,RND_CONV,SAT>"));
        Dense d = assertInstanceOf(Dense.class, model.layer("d"));
        // scale = gamma / sqrt(var + eps) = [1/2, 2]; w' = w·scale; b' = (b − mean)·scale + beta
        assertArrayEquals(new double[] {0.5, 1, -0.125, 4}, d.kernel().toDoubles());
        assertArrayEquals(new double[] {(0.5 - 0.25) * 0.5 + 0.5, -1 * 2 - 1.0}, d.bias().toDoubles());
        assertEquals(FixedType.parse("fixed<8,4,RND_CONV,SAT>"), ((Quantize) model.layer("q")).target().uniformType());
    }

    @Test
    void fullModelH5AndConv1D() throws IOException {
        String conv = """
                {"class_name": "QConv1D", "config": {"name": "c", "filters": 1, "kernel_size": [2], "strides": [1],
                 "padding": "valid", "data_format": "channels_last", "dilation_rate": [1], "activation": "relu",
                 "use_bias": true, "kernel_quantizer": "quantized_bits(4,0,alpha=1)", "bias_quantizer": null}}""";
        String json = sequential("{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"x\", "
                + "\"batch_input_shape\": [null, 3, 1]}}", conv,
                "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}}");
        Path file = dir.resolve("full.h5");
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putAttribute("model_config", json);
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("kernel", new float[][][] {{{0.3f}}, {{-0.6f}}});
            w.put("bias", new float[] {0.3f});
            putWeights(f.putGroup("model_weights"), Map.of("c", w));
        }
        FirmwareModel model = QKerasImporter.read(file, Precision.parse("default: fixed<8,3,RND_CONV,SAT>"));
        Conv c = assertInstanceOf(Conv.class, model.layer("c"));
        // quantized_bits(4,0): grid 1/8: 0.3 → 2.4 LSB → 2; -0.6 → -4.8 LSB → -5
        assertArrayEquals(new double[] {0.25, -0.625}, c.kernel().toDoubles());
        // no bias quantizer: the user type fixed<8,3,RND_CONV,SAT>, grid 1/32: 0.3 → 9.6 LSB → 10
        assertArrayEquals(new double[] {0.3125}, c.bias().toDoubles());
        // x = (1, 0.5, -1): 0.25 − 0.3125 + 0.3125 = 0.25; 0.125 + 0.625 + 0.3125 = 1.0625; relu; flatten
        assertArrayEquals(new double[] {0.25, 1.0625},
                new ReferenceEvaluator(model).evaluate(new double[] {1, 0.5, -1}).toDoubles());
        // without a user type for 'c', the bias without quantizer is QKeras's float32 value, exactly
        FirmwareModel exact = QKerasImporter.read(file, Precision.parse("x: fixed<8,3,RND_CONV,SAT>"));
        assertArrayEquals(new double[] {(double) 0.3f}, ((Conv) exact.layer("c")).bias().toDoubles());
    }

    @Test
    void keras3ArchiveIsRefused() throws IOException {
        Path file = Files.write(dir.resolve("m.keras"), new byte[] {'P', 'K', 3, 4, 0, 0});
        QKerasImportException e = assertThrows(QKerasImportException.class, () -> QKerasImporter.read(file));
        assertTrue(e.getMessage().contains("zip archive (a Keras 3 .keras file?)"), e.getMessage());
    }

    @Test
    void theInputNeedsAType() throws IOException {
        String json = sequential(INPUT, qdense("d", 2, bits(4, 1, 0, true), bits(4, 1, 0, true), "\"linear\""));
        Path file = write(dir, "noprec", json, dense("d", new float[][] {{1f, 0.5f}, {-0.25f, 2f}}, new float[] {0, 0}));
        QKerasImportException e = assertThrows(QKerasImportException.class, () -> QKerasImporter.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("layer 'x' (InputLayer)"),
                e.getMessage());
    }
}
