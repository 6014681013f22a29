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
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Quantize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The imported QKeras peer models compute what QKeras computes: the reference evaluator on the imported model is
 * compared, element for element and with equality, with {@link QKerasReference}, an independent double evaluation
 * straight from the JSON and weights with QKeras's quantizer formulas. Every value is a fixed-point number that a
 * double holds exactly (accumulator widths are checked to be at most 53 bits), so no tolerance is needed.
 */
class QKerasPeerSemanticsTest {

    static final FixedType INPUT16 = FixedType.parse("fixed<16,6,RND_CONV,SAT>");

    @Test
    void jetMlpStructureIsTheQKerasQuantizers() throws IOException {
        FirmwareModel model = QKerasImporter.read(QKerasFixtures.peer("qkeras_3layer.json"), Precision.of(INPUT16));
        assertEquals("softmax", model.metadata().get("dropped_softmax"));
        assertEquals(QKerasImporter.IMPORTER, model.metadata().get("importer"));
        Dense fc1 = assertInstanceOf(Dense.class, model.layer("fc1"));
        assertEquals(FixedType.parse("fixed<6,1,RND_CONV,SAT>"), fc1.kernel().type().typeAt(0));
        assertEquals(FixedType.parse("fixed<6,1,RND_CONV,SAT>"), fc1.bias().type().typeAt(0));
        Quantize relu1 = assertInstanceOf(Quantize.class, model.layer("relu1"));
        assertEquals(FixedType.parse("ufixed<6,0,RND_CONV,SAT>"), relu1.target().uniformType());
        assertEquals(List.of("output"), model.outputs());
        assertEquals(INPUT16, model.inputs().get(0).type().uniformType());
    }

    @Test
    void jetMlpMatchesQKerasOnRandomInputs() throws IOException {
        Path json = QKerasFixtures.peer("qkeras_3layer.json");
        FirmwareModel model = QKerasImporter.read(json, Precision.of(INPUT16));
        QKerasReference reference = new QKerasReference(json, QKerasImporter.weightsFileFor(json));
        Random random = new Random(10);
        double[][] samples = new double[3000][16];
        for (double[] s : samples) {
            for (int i = 0; i < s.length; i++) {
                // half Gaussian reals (some beyond ±32 to saturate), half exact ties k/2^11 of the input grid
                s[i] = random.nextBoolean() ? random.nextGaussian() * (random.nextInt(10) == 0 ? 40 : 2)
                        : Math.scalb((double) (random.nextInt(1 << 16) - (1 << 15)), -11);
            }
        }
        double max = compare(model, reference, samples);
        assertEquals(0.0, max);
        assertRoundingMatters(model, reference, samples);
    }

    @Test
    void mnistCnnMatchesQKerasOnRandomInputs() throws IOException {
        Path json = QKerasFixtures.peer("qkeras_mnist_cnn.json");
        FixedType pixels = FixedType.parse("ufixed<8,0,RND_CONV,SAT>");
        FirmwareModel model = QKerasImporter.read(json, Precision.parse("input_1: " + pixels));
        assertInstanceOf(Conv.class, model.layer("q_conv2d"));
        QKerasReference reference = new QKerasReference(json, QKerasImporter.weightsFileFor(json));
        reference.inputBits = 8;
        reference.inputInteger = 0;
        reference.inputSigned = false;
        Random random = new Random(11);
        double[][] samples = new double[Integer.getInteger("qkeras.cnnSamples", 1000)][784];
        for (double[] s : samples) {
            double density = random.nextDouble();
            for (int i = 0; i < s.length; i++) {
                // sparse "strokes" like MNIST, values up to 1.1 (saturating), some exactly on ties of the 2^-8 grid
                s[i] = random.nextDouble() < density * 0.4 ? random.nextDouble() * 1.1
                        : random.nextInt(8) == 0 ? (2 * random.nextInt(256) + 1) / 512.0 : 0;
            }
        }
        assertEquals(0.0, compare(model, reference, samples));
        assertRoundingMatters(model, reference, Arrays.copyOf(samples, Math.min(samples.length, 100)));
    }

    @Test
    void plainKerasMlpWithUserPrecision() throws IOException {
        Path json = QKerasFixtures.peer("KERAS_3layer.json");
        FirmwareModel model = QKerasImporter.read(json, Precision.of(INPUT16));
        assertEquals("output_softmax", model.metadata().get("dropped_softmax"));
        Dense fc1 = assertInstanceOf(Dense.class, model.layer("fc1_relu"));
        assertEquals(INPUT16, fc1.kernel().type().typeAt(0));
        assertEquals(INPUT16, assertInstanceOf(Quantize.class, model.layer("fc1_relu_q")).target().uniformType());
        QKerasReference reference = new QKerasReference(json, QKerasImporter.weightsFileFor(json));
        Random random = new Random(12);
        double[][] samples = new double[2000][16];
        for (double[] s : samples) {
            for (int i = 0; i < s.length; i++) {
                s[i] = random.nextGaussian() * 3;
            }
        }
        assertEquals(0.0, compare(model, reference, samples));
        QKerasImportException e = assertThrows(QKerasImportException.class, () -> QKerasImporter.read(json));
        assertTrue(e.getMessage().contains("input_1") && e.getMessage().contains("precision"), e.getMessage());
    }

    @Test
    void mnistDenseIsRejectedForItsPowerOfTwoKernel() {
        QKerasImportException e = assertThrows(QKerasImportException.class, () -> QKerasImporter.read(
                QKerasFixtures.peer("qkeras_mnist_dense.json"), Precision.of(INPUT16)));
        assertTrue(e.getMessage().contains("q_dense_2") && e.getMessage().contains("kernel_quantizer")
                && e.getMessage().contains("quantized_po2"), e.getMessage());
    }

    @Test
    void resourceCopiesEqualTheSharedFiles() throws IOException {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"), "peers");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared), "no shared folder");
        for (String f : List.of("qkeras_3layer", "qkeras_mnist_cnn", "qkeras_mnist_dense", "KERAS_3layer")) {
            for (String suffix : List.of(".json", "_weights.h5")) {
                assertArrayEquals(Files.readAllBytes(shared.resolve(f + suffix)),
                        Files.readAllBytes(QKerasFixtures.peer(f + suffix)), f + suffix);
            }
        }
    }

    /** Largest |difference| over all samples and outputs; also checks that double evaluation is exact. */
    static double compare(FirmwareModel model, QKerasReference reference, double[][] samples) {
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense || layer instanceof Conv) {
                assertTrue(model.outputType(layer.name()).maxWidth() <= 53, layer.name() + " accumulator wider than "
                        + "a double's 53 bits: the test evaluator would round");
            }
        }
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        double max = 0;
        for (int n = 0; n < samples.length; n++) {
            double[] expected = reference.evaluate(samples[n]);
            double[] actual = evaluator.evaluate(samples[n]).toDoubles();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                max = Math.max(max, Math.abs(expected[i] - actual[i]));
            }
            if (max != 0) {
                assertArrayEquals(expected, actual, 0.0, "sample " + n + " " + Arrays.toString(samples[n]));
            }
        }
        System.out.printf("%s: %d samples, max |difference| %s%n", model.name(), samples.length, max);
        return max;
    }

    /** The comparison is sensitive: with round-half-up in place of tf.round's half-to-even some sample differs. */
    static void assertRoundingMatters(FirmwareModel model, QKerasReference reference, double[][] samples) {
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        reference.halfUp = true;
        int differing = 0;
        try {
            for (double[] s : samples) {
                if (!Arrays.equals(reference.evaluate(s), evaluator.evaluate(s).toDoubles())) {
                    differing++;
                }
            }
        } finally {
            reference.halfUp = false;
        }
        System.out.printf("%s: %d of %d samples differ under round-half-up%n", model.name(), differing, samples.length);
        assertTrue(differing > 0, "no sample hits a rounding tie: the test could not tell RND from RND_CONV");
    }
}
