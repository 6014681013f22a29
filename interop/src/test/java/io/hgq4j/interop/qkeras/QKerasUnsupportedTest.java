package io.hgq4j.interop.qkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hgq4j.interop.keras.ImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quantizer options and layers without an exact fixed-point equivalent are refused with one line naming the file,
 * the layer and the option. Each case edits one spot of the real jet model's JSON.
 */
class QKerasUnsupportedTest {

    @TempDir
    Path dir;

    private Path edited(String from, String to) throws IOException {
        return edited("\"name\": \"fc2\"", from, to);
    }

    /** The jet model with the first {@code from} after the first {@code anchor} after fc2's name replaced by {@code to}. */
    private Path edited(String anchor, String from, String to) throws IOException {
        Path json = QKerasFixtures.peer("qkeras_3layer.json");
        String text = Files.readString(json);
        int at = text.indexOf(anchor, text.indexOf("\"name\": \"fc2\""));
        assertTrue(at > 0);
        int spot = text.indexOf(from, at);
        assertTrue(spot > 0, "fixture lacks " + from);
        String changed = text.substring(0, spot) + to + text.substring(spot + from.length());
        Files.writeString(dir.resolve("m.json"), changed);
        Files.copy(QKerasImporter.weightsFileFor(json), dir.resolve("m_weights.h5"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return dir.resolve("m.json");
    }

    private String failure(Path file) {
        QKerasImportException e = assertThrows(QKerasImportException.class,
                () -> QKerasImporter.read(file, Precision.parse("fixed<16,6,RND_CONV,SAT>")));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"alpha\": 1,|\"alpha\": \"auto_po2\",|alpha=\"auto_po2\"",
        "\"alpha\": 1,|\"alpha\": \"auto\",|alpha=\"auto\"",
        "\"alpha\": 1,|\"alpha\": 0.5,|alpha=0.5",
        "\"use_stochastic_rounding\": false|\"use_stochastic_rounding\": true|use_stochastic_rounding",
        "\"qnoise_factor\": 1.0|\"qnoise_factor\": 0.5|qnoise_factor=0.5",
        "\"class_name\": \"quantized_bits\"|\"class_name\": \"quantized_po2\"|quantized_po2",
        "\"class_name\": \"quantized_bits\"|\"class_name\": \"binary\"|quantizer binary",
        "\"bits\": 6,|\"bits\": 1,|bits=1",
        "\"bits\": 6,|\"bits\": 6, \"frobnicate\": 3,|option frobnicate",
    })
    void kernelQuantizerOptions(String from, String to, String expected) throws IOException {
        String message = failure(edited("\"kernel_quantizer\"", from, to));
        assertTrue(message.contains("layer 'fc2' (QDense) kernel_quantizer") && message.contains(expected), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"negative_slope\": 0.0|\"negative_slope\": 0.25|negative_slope=0.25",
        "\"use_sigmoid\": 0|\"use_sigmoid\": 1|use_sigmoid",
        "\"relu_upper_bound\": null|\"relu_upper_bound\": 4|relu_upper_bound=4",
        "\"class_name\": \"quantized_relu\"|\"class_name\": \"quantized_tanh\"|quantized_tanh",
        "\"class_name\": \"quantized_relu\"|\"class_name\": \"quantized_sigmoid\"|quantized_sigmoid",
    })
    void activationQuantizerOptions(String from, String to, String expected) throws IOException {
        String message = failure(edited("\"name\": \"relu2\"", from, to));
        assertTrue(message.contains("layer 'relu2' (QActivation)") && message.contains(expected), message);
    }

    @Test
    void unsupportedLayersAndActivations() throws IOException {
        String message = failure(edited("\"class_name\": \"QActivation\"", "\"class_name\": \"QBatchNormalization\""));
        assertTrue(message.contains("layer 'relu2' (QBatchNormalization) is not supported; supported: "), message);
        message = failure(edited("\"activation\": \"linear\"", "\"activation\": \"tanh\""));
        assertTrue(message.contains("layer 'fc2' (QDense): activation tanh is not supported"), message);
        message = failure(edited("\"activation\": \"linear\"", "\"activation\": \"softmax\""));
        assertTrue(message.contains("layer 'fc2' (QDense): activation softmax is only supported as the model's last"),
                message);
    }

    @Test
    void missingWeightsFileAndHgqProxyModel() throws IOException {
        Path lone = dir.resolve("lone.json");
        Files.copy(QKerasFixtures.peer("qkeras_3layer.json"), lone);
        QKerasImportException e = assertThrows(QKerasImportException.class, () -> QKerasImporter.read(lone));
        assertTrue(e.getMessage().contains("no weights file lone_weights.h5"), e.getMessage());
        Path hgq = Path.of(QKerasFixtures.class.getResource("/peers/hgq_jet_classifier.h5").getPath());
        ImportException f = assertThrows(ImportException.class, () -> QKerasImporter.read(hgq, Precision.parse(
                "fixed<16,6>")));
        assertTrue(f.getMessage().contains("(FixedPointQuantizer) is not supported"), f.getMessage());
    }
}
