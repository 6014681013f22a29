package io.hgq4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.tensor.FixedTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two HGQ peer models from {@code ../shared/peers}, imported and run on real data. Skipped, with a message, only
 * when {@code ../shared} is absent.
 */
class PeerModelsTest {

    /**
     * What an independent exact evaluation of hgq_mnist_homogeneous gets on the 10,000 MNIST test images, confirmed
     * sample by sample against hls4ml's C simulation of the same file ({@code shared/research/hls4ml_peer.md}).
     */
    private static final int MNIST_CORRECT = 9_578;

    private static Path shared;

    @BeforeAll
    static void findShared() {
        shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        assumeTrue(Files.isDirectory(shared.resolve("peers")), "skipped: no shared fixtures at " + shared.toAbsolutePath());
    }

    @Test
    void mnistModelClassifiesExactly9578TestImages() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_mnist_homogeneous.h5"));
        SampleArray images = SampleArrays.read(shared.resolve("data/mnist/t10k-images-idx3-ubyte.gz"), 1.0 / 256);
        SampleArray labels = SampleArrays.read(shared.resolve("data/mnist/t10k-labels-idx1-ubyte.gz"));
        Emulator.Result result = Emulator.of(model).run(images.toArray(), images.count(), 2);
        int correct = 0;
        for (int s = 0; s < images.count(); s++) {
            if (result.argmax(s) == (int) labels.value(s, 0)) {
                correct++;
            }
        }
        assertThat(correct).isEqualTo(MNIST_CORRECT);
        assertThat(result.overflow().totalEvents()).isZero();
    }

    /** The emulator equals the reference evaluator code for code on all 10,000 MNIST test images. */
    @Test
    void mnistEmulatorEqualsReferenceOnEveryTestImage() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_mnist_homogeneous.h5"));
        SampleArray images = SampleArrays.read(shared.resolve("data/mnist/t10k-images-idx3-ubyte.gz"), 1.0 / 256);
        assertEqualsReference(model, images.toArray(), images.count());
    }

    /** On N(0, 1.5²) inputs, which drive the jet model's input quantizer into its WRAP overflow now and then. */
    @Test
    void jetEmulatorEqualsReferenceOnRandomInputs() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_jet_classifier.h5"));
        Random random = new Random(12345);
        int count = 10_000;
        double[] inputs = new double[count * 16];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = random.nextGaussian() * 1.5;
        }
        Emulator.Result result = assertEqualsReference(model, inputs, count);
        assertThat(result.overflow().layers().get(0).events()).as("input wrap events").isPositive();
    }

    private static Emulator.Result assertEqualsReference(FirmwareModel model, double[] inputs, int count) {
        Emulator emulator = Emulator.of(model);
        Emulator.Result result = emulator.run(inputs, count, 2);
        ReferenceEvaluator reference = new ReferenceEvaluator(model);
        int n = emulator.inputSize();
        long mismatches = IntStream.range(0, count).parallel().filter(s -> {
            FixedTensor expected = reference.evaluate(Arrays.copyOfRange(inputs, s * n, (s + 1) * n));
            long[] codes = result.codes(s);
            for (int j = 0; j < codes.length; j++) {
                if (codes[j] != expected.raw(j).longValueExact()) {
                    return true;
                }
            }
            return false;
        }).count();
        assertThat(mismatches).as("samples whose codes differ from the reference evaluator's").isZero();
        return result;
    }
}
