package io.hgq4j.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real data sets in the shared fixtures ({@code ../shared/data}, or the folder in the system property
 * {@code hgq4j.shared.dir}); skipped with a message when they are absent.
 */
class SharedDataTest {

    @TempDir
    Path dir;

    @Test
    void mnistTestImages() throws IOException {
        SampleArray images = SampleArrays.read(shared("data/mnist/t10k-images-idx3-ubyte.gz"));
        assertThat(images.count()).isEqualTo(10_000);
        assertThat(images.sampleShape()).isEqualTo(Shape.of(28, 28));
        double[] all = images.toArray();
        assertThat(java.util.Arrays.stream(all).max().getAsDouble()).isEqualTo(255);
        assertThat(java.util.Arrays.stream(all).min().getAsDouble()).isEqualTo(0);
        assertThat(java.util.Arrays.stream(all).allMatch(v -> v == Math.rint(v))).isTrue();
        // the border of every MNIST digit is blank
        assertThat(images.value(0, 0)).isZero();
        SampleArray scaled = SampleArrays.read(shared("data/mnist/t10k-images-idx3-ubyte.gz"), 0.00390625);
        assertThat(java.util.Arrays.stream(scaled.toArray()).max().getAsDouble()).isEqualTo(0.99609375);
        assertThat(scaled.value(17, 300) * 256).isEqualTo(images.value(17, 300));

        // the same pixels through .npy and .csv.gz
        SampleArray some = images.samples(0, 200);
        SampleArrays.write(dir.resolve("some.npy"), some);
        assertThat(SampleArrays.read(dir.resolve("some.npy"))).isEqualTo(some);
        SampleArrays.write(dir.resolve("some.csv.gz"), some);
        assertThat(SampleArrays.read(dir.resolve("some.csv.gz"))).isEqualTo(some.withSampleShape(Shape.of(784)));
    }

    @Test
    void mnistTestLabels() throws IOException {
        SampleArray labels = SampleArrays.read(shared("data/mnist/t10k-labels-idx1-ubyte.gz"));
        assertThat(labels.count()).isEqualTo(10_000);
        assertThat(labels.sampleShape()).isEqualTo(Shape.of(1));
        int[] histogram = new int[10];
        for (int i = 0; i < labels.count(); i++) {
            histogram[(int) labels.value(i, 0)]++;
        }
        assertThat(histogram).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(labels.value(0, 0)).isEqualTo(7); // the first test digit is a 7
    }

    @Test
    void digitsCsv() throws IOException {
        SampleArray digits = SampleArrays.read(shared("data/digits.csv.gz"));
        assertThat(digits.count()).isEqualTo(1797);
        assertThat(digits.sampleShape()).isEqualTo(Shape.of(65));
        // no header: the first line is the first digit, 64 pixel values 0..16 and then its label
        assertThat(digits.sample(0)).startsWith(0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0).endsWith(0, 0, 0, 0);
        SampleArray pixels = digits.elements(0, 64).withSampleShape(Shape.of(8, 8));
        SampleArray labels = digits.elements(64, 65);
        assertThat(java.util.Arrays.stream(pixels.toArray()).allMatch(v -> v >= 0 && v <= 16 && v == Math.rint(v))).isTrue();
        assertThat(labels.value(0, 0)).isZero();
        assertThat(labels.value(1, 0)).isEqualTo(1);
        assertThat(labels.value(2, 0)).isEqualTo(2);
        assertThat(java.util.Arrays.stream(labels.toArray()).distinct().sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    /** A file under the shared fixtures, or a skipped test saying where it was looked for. */
    static Path shared(String relative) {
        Path file = sharedDir().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), () -> "shared fixture " + file + " is absent (set -Dhgq4j.shared.dir"
                + " to the shared folder); skipping");
        return file;
    }

    private static Path sharedDir() {
        String configured = System.getProperty("hgq4j.shared.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("hgq4j.project.dir", ".."), "..", "shared").normalize();
    }
}
