package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX image/label pairs, MNIST (tiny hand-made files, and the real ones from the shared fixtures), and digits. */
class IdxDigitsTest {

    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given dimensions. */
    static byte[] idx(int[] dims, int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(0x08);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        for (int v : values) {
            out.write(v);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void imagePairs() throws IOException {
        Path images = dir.resolve("images-idx3-ubyte");
        Path labels = dir.resolve("labels-idx1-ubyte.gz");
        Files.write(images, idx(new int[] {3, 2, 2}, 0, 64, 128, 255, 1, 2, 3, 4, 5, 6, 7, 8));
        Files.write(labels, gzip(idx(new int[] {3}, 7, 1, 7)));
        Dataset d = Datasets.idx(images, labels, 0.00390625);
        assertThat(d.featureShape()).isEqualTo(Shape.of(2, 2));
        assertThat(d.features().sample(0)).containsExactly(0, 0.25, 0.5, 0.99609375);
        assertThat(d.labels()).containsExactly(7, 1, 7);
        assertThat(d.classCount()).isEqualTo(8);

        Files.write(labels, idx(new int[] {2}, 1, 2));
        assertThatThrownBy(() -> Datasets.idx(images, labels, 1)).isInstanceOf(DataException.class)
                .hasMessage(images + " has 3 samples but " + labels + " has 2");
        Files.write(labels, idx(new int[] {3, 2}, 1, 2, 3, 4, 5, 6));
        assertThatThrownBy(() -> Datasets.idx(images, labels, 1)).isInstanceOf(DataException.class)
                .hasMessageContaining("expected one label per sample");
        Files.write(images, Arrays.copyOf(idx(new int[] {3, 2, 2}, new int[12]), 20));
        assertThatThrownBy(() -> Datasets.idx(images, labels, 1)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(images + ": ");
    }

    @Test
    void mnistFolderWithAnyOfTheUsualNames() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(new int[] {2, 1, 2}, 0, 128, 255, 64)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {2}, 3, 9));
        Files.write(dir.resolve("t10k-images.idx3-ubyte"), idx(new int[] {1, 1, 2}, 2, 4));
        Files.write(dir.resolve("t10k-labels.idx1-ubyte.gz"), gzip(idx(new int[] {1}, 0)));
        TrainTest mnist = Datasets.mnist(dir, 0.5);
        assertThat(mnist.train().features().toArray()).containsExactly(0, 64, 127.5, 32);
        assertThat(mnist.train().labels()).containsExactly(3, 9);
        assertThat(mnist.test().features().toArray()).containsExactly(1, 2);
        assertThat(mnist.train().classCount()).isEqualTo(10);
        assertThat(mnist.test().classCount()).isEqualTo(10);

        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {2}, 3, 10));
        assertThatThrownBy(() -> Datasets.mnist(dir, 1)).isInstanceOf(DataException.class)
                .hasMessage(dir.resolve("train-labels-idx1-ubyte") + ": label 10 is outside 0..9");
        Files.delete(dir.resolve("t10k-images.idx3-ubyte"));
        assertThatThrownBy(() -> Datasets.mnist(dir, 1)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(dir + ": no MNIST file t10k-images-idx3-ubyte (looked for t10k-images-idx3-ubyte,"
                        + " t10k-images-idx3-ubyte.gz, t10k-images.idx3-ubyte, t10k-images.idx3-ubyte.gz)");
        assertThatThrownBy(() -> Datasets.mnist(dir.resolve("nowhere"), 1))
                .hasMessage(dir.resolve("nowhere") + ": no such folder; expected the four MNIST files in it");
    }

    @Test
    void realMnist() {
        TrainTest mnist = Datasets.mnist(Shared.path("data/mnist"), 1.0 / 256);
        assertThat(mnist.train().count()).isEqualTo(60_000);
        assertThat(mnist.test().count()).isEqualTo(10_000);
        assertThat(mnist.train().featureShape()).isEqualTo(Shape.of(28, 28));
        assertThat(mnist.test().classCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(mnist.train().classCounts()).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(mnist.test().label(0)).isEqualTo(7);
        assertThat(mnist.train().label(0)).isEqualTo(5);
        double max = 0;
        SampleArray x = mnist.test().features();
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 784; j++) {
                max = Math.max(max, x.value(i, j));
            }
        }
        assertThat(max).isEqualTo(0.99609375);
    }

    @Test
    void digitsBundled() {
        Dataset digits = Datasets.digits();
        assertThat(digits.name()).isEqualTo("digits");
        assertThat(digits.count()).isEqualTo(1797);
        assertThat(digits.featureShape()).isEqualTo(Shape.of(64));
        assertThat(digits.classCount()).isEqualTo(10);
        assertThat(digits.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        assertThat(Arrays.stream(digits.features().toArray()).allMatch(v -> v >= 0 && v <= 16 && v == Math.rint(v))).isTrue();
        assertThat(digits.features().sample(0)).startsWith(0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0);
        assertThat(digits.labels()).startsWith(0, 1, 2, 3, 4);
        assertThat(Datasets.digits()).isSameAs(digits);
    }

    @Test
    void digitsEqualTheSharedCopy() throws IOException {
        SampleArray shared = SampleArrays.read(Shared.path("data/digits.csv.gz"));
        Dataset digits = Datasets.digits();
        assertThat(digits.features()).isEqualTo(shared.elements(0, 64));
        for (int i = 0; i < shared.count(); i++) {
            assertThat(digits.label(i)).isEqualTo((int) shared.value(i, 64));
        }
    }
}
