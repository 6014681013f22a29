package io.hgq4j.codegen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** The inputs the backend tests feed both the generated hardware and the emulator. */
public final class TestInputs {

    private TestInputs() {
    }

    /** {@code count} random samples of every input of {@code model}, concatenated in model order. */
    public static double[][] random(FirmwareModel model, int count, long seed) {
        Random random = new Random(seed);
        double[][] samples = new double[count][];
        for (int s = 0; s < count; s++) {
            samples[s] = model.inputs().stream().map(input -> RandomModels.sample(input, random))
                    .flatMapToDouble(Arrays::stream).toArray();
        }
        return samples;
    }

    /** {@code ../shared}; the calling test is skipped, with a message, when it is absent. */
    public static Path shared() {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        assumeTrue(Files.isDirectory(shared.resolve("peers")), "skipped: no shared fixtures at " + shared.toAbsolutePath());
        return shared;
    }

    /** N(0, 1.5²) inputs for the 16-feature jet model: they drive its input quantizer into WRAP now and then. */
    public static double[][] jet(int count) {
        Random random = new Random(12345);
        double[][] samples = new double[count][16];
        for (double[] sample : samples) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = random.nextGaussian() * 1.5;
            }
        }
        return samples;
    }

    /** The first {@code count} MNIST test images as pixel/256. */
    public static double[][] mnist(Path shared, int count) throws IOException {
        SampleArray images = SampleArrays.read(shared.resolve("data/mnist/t10k-images-idx3-ubyte.gz"), 1.0 / 256);
        double[][] samples = new double[Math.min(count, images.count())][];
        for (int s = 0; s < samples.length; s++) {
            samples[s] = images.samples(s, s + 1).toArray();
        }
        return samples;
    }
}
