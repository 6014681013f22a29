package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The imported models compute exactly what the Keras proxy models compute: the reference evaluator of the firmware
 * model against {@link ProxyEvaluator}, an independent float64 evaluation straight from the .h5 file.
 */
class PeerSemanticsTest {

    @Test
    void jetClassifierOn2000GaussianRows() throws IOException {
        Path file = Fixtures.peer(Fixtures.JET);
        FirmwareModel model = KerasHgqImporter.read(file);
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        ProxyEvaluator proxy = new ProxyEvaluator(file);
        Random random = new Random(20_260_101L);
        Set<String> distinct = new HashSet<>();
        int wrapped = 0;
        for (int row = 0; row < 2000; row++) {
            double[] x = new double[16];
            for (int i = 0; i < x.length; i++) {
                x[i] = 1.5 * random.nextGaussian();
                wrapped += Math.abs(x[i]) >= 4 ? 1 : 0;
            }
            double[] expected = proxy.evaluate(x);
            double[] actual = evaluator.evaluate(x).toDoubles();
            assertThat(actual).as("row %d: %s", row, Arrays.toString(x)).containsExactly(expected);
            distinct.add(Arrays.toString(actual));
        }
        // the comparison means something: varied outputs, and some inputs take the WRAP path of the input quantizer
        assertThat(distinct).hasSizeGreaterThan(300);
        assertThat(wrapped).isPositive();
    }

    @Test
    void mnistCnnOnTheFirst300TestImages() throws IOException {
        Path file = Fixtures.peer(Fixtures.MNIST);
        double[][] images = Fixtures.mnistImages(Fixtures.sharedDir().resolve("data/mnist/t10k-images-idx3-ubyte.gz"), 300);
        FirmwareModel model = KerasHgqImporter.read(file);
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        ProxyEvaluator proxy = new ProxyEvaluator(file);
        Set<Integer> classes = new HashSet<>();
        for (int i = 0; i < images.length; i++) {
            double[] expected = proxy.evaluate(images[i]);
            double[] actual = evaluator.evaluate(images[i]).toDoubles();
            assertThat(actual).as("image %d", i).containsExactly(expected);
            classes.add(argmax(actual));
        }
        assertThat(classes).hasSize(10);
    }

    @Test
    void mnistHeterogeneousCnnOnTheFirst100TestImages() throws IOException {
        Path shared = Fixtures.sharedDir();
        Path file = shared.resolve("peers/hgq_mnist_heterogeneous.h5");
        double[][] images = Fixtures.mnistImages(shared.resolve("data/mnist/t10k-images-idx3-ubyte.gz"), 100);
        ReferenceEvaluator evaluator = new ReferenceEvaluator(KerasHgqImporter.read(file));
        ProxyEvaluator proxy = new ProxyEvaluator(file);
        for (int i = 0; i < images.length; i++) {
            assertThat(evaluator.evaluate(images[i]).toDoubles()).as("image %d", i).containsExactly(proxy.evaluate(images[i]));
        }
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
