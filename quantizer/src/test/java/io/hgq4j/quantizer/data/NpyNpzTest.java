package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.data.Npy;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NPY pairs and NPZ archives, the latter written by NumPy ({@code make_npz.py}) and by java.util.zip. */
class NpyNpzTest {

    @TempDir
    Path dir;

    static Path resource(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = NpyNpzTest.class.getResourceAsStream(name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void npyPair() throws IOException {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Files.write(x, Npy.writeFloat64(new int[] {3, 2, 2}, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        Files.write(y, Npy.writeInt64(new int[] {3}, new long[] {4, 0, 4}));
        Dataset d = Datasets.npy(x, y);
        assertThat(d.name()).isEqualTo("x");
        assertThat(d.featureShape()).isEqualTo(Shape.of(2, 2));
        assertThat(d.features().sample(2)).containsExactly(9, 10, 11, 12);
        assertThat(d.labels()).containsExactly(4, 0, 4);
        assertThat(d.classCount()).isEqualTo(5);
        assertThat(d.classCounts()).containsExactly(1, 0, 0, 0, 2);

        Files.write(y, Npy.writeInt32(new int[] {3, 1}, new int[] {1, 0, 1})); // (N, 1) labels
        assertThat(Datasets.npy(x, y).labels()).containsExactly(1, 0, 1);
        Files.write(y, Npy.writeFloat64(new int[] {3, 3}, new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0})); // one-hot
        Dataset onehot = Datasets.npy(x, y);
        assertThat(onehot.labels()).containsExactly(2, 0, 1);
        assertThat(onehot.classCount()).isEqualTo(3);
        Dataset regression = Datasets.npy(x, y, Task.REGRESSION);
        assertThat(regression.targets().sampleShape()).isEqualTo(Shape.of(3));
        assertThat(regression.targets().sample(0)).containsExactly(0, 0, 1);
    }

    @Test
    void npyPairErrors() throws IOException {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Files.write(x, Npy.writeFloat64(new int[] {3, 2}, new double[6]));
        Files.write(y, Npy.writeInt64(new int[] {2}, new long[] {0, 1}));
        assertThatThrownBy(() -> Datasets.npy(x, y)).isInstanceOf(DataException.class)
                .hasMessage(x + " has 3 samples but " + y + " has 2");
        Files.write(y, Npy.writeFloat64(new int[] {3, 2}, new double[] {0, 1, 1, 1, 1, 0}));
        assertThatThrownBy(() -> Datasets.npy(x, y)).isInstanceOf(DataException.class)
                .hasMessage(y + ": sample 1 is not a one-hot row (element 1 is 1.0); expected exactly one 1 and 1 zeros,"
                        + " or one whole number per sample");
        Files.write(y, Npy.writeFloat64(new int[] {3}, new double[] {0, 0.5, 1}));
        assertThatThrownBy(() -> Datasets.npy(x, y)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(y + ": sample 1: label 0.5 is not a class index");
        Files.write(y, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Datasets.npy(x, y)).isInstanceOf(DataException.class)
                .hasMessage(y + ": not a .npy array (missing the \\x93NUMPY magic)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"small.npz", "small_compressed.npz"})
    void numpySavez(String name) throws IOException {
        Path file = resource(name, dir);
        assertThat(Npz.keys(file)).containsExactly("x_train", "y_train", "x_test", "y_test");
        TrainTest tt = Datasets.npzTrainTest(file);
        assertThat(tt.train().features().toArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(tt.train().labels()).containsExactly(0, 2, 1);
        assertThat(tt.test().features().toArray()).containsExactly(7.5, -8);
        assertThat(tt.test().labels()).containsExactly(2);
        assertThat(tt.train().classCount()).isEqualTo(3);
        assertThat(tt.test().classCount()).isEqualTo(3);
        Dataset test = Datasets.npz(file, "x_test.npy", "y_test");
        assertThat(test.labels()).containsExactly(2);
        Map<String, SampleArray> all = Npz.read(file);
        assertThat(all.keySet()).containsExactly("x_train", "y_train", "x_test", "y_test");
        assertThat(all.get("y_test").toArray()).containsExactly(2);
    }

    @Test
    void numpyPositionalArrays() throws IOException {
        Path file = resource("positional.npz", dir);
        Dataset d = Datasets.npz(file, "arr_0", "arr_1");
        assertThat(d.featureShape()).isEqualTo(Shape.of(2, 2));
        // np.arange(12).reshape(3, 2, 2), stored big-endian in Fortran order: read back in C order
        assertThat(d.features().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(d.labels()).containsExactly(1, 0, 2);
        assertThatThrownBy(() -> Datasets.npz(file, "x", "arr_1")).isInstanceOf(DataException.class)
                .hasMessage(file + ": no array 'x' in the archive; it holds arr_0, arr_1");
        assertThatThrownBy(() -> Datasets.npzTrainTest(file)).isInstanceOf(DataException.class)
                .hasMessageContaining("no array 'x_train'");
    }

    @Test
    void javaZipStoredAndDeflated() throws IOException {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x.npy", Npy.writeFloat64(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}));
        arrays.put("y.npy", Npy.writeFloat64(new int[] {2, 1}, new double[] {0.5, -0.5}));
        arrays.put("notes.txt", new byte[] {'h', 'i'});
        for (boolean stored : new boolean[] {true, false}) {
            Path file = dir.resolve(stored ? "s.npz" : "d.npz");
            Files.write(file, zip(arrays, stored));
            Dataset d = Datasets.npz(file, "x", "y", Task.REGRESSION);
            assertThat(d.features().toArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(d.targets().toArray()).containsExactly(0.5, -0.5);
            assertThat(Npz.keys(file)).containsExactly("x", "y");
        }
    }

    @Test
    void badArchives() throws IOException {
        Path notZip = dir.resolve("n.npz");
        Files.write(notZip, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> Npz.read(notZip)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(notZip + ": not a valid .npz (zip) archive (ZipException");
        Path empty = dir.resolve("e.npz");
        Files.write(empty, zip(Map.of("a.txt", new byte[1]), true));
        assertThatThrownBy(() -> Npz.read(empty)).hasMessage(empty + ": the archive holds no .npy arrays");
        Path badArray = dir.resolve("b.npz");
        Files.write(badArray, zip(Map.of("x.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0}), false));
        assertThatThrownBy(() -> Npz.read(badArray)).isInstanceOf(DataException.class)
                .hasMessage(badArray + ": x.npy: .npy format version 9.0 is not supported (1.0, 2.0 or 3.0)");
        Path missing = dir.resolve("m.npz");
        assertThatThrownBy(() -> Npz.read(missing)).hasMessage(missing + ": no such file");
    }

    static byte[] zip(Map<String, byte[]> entries, boolean stored) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (stored) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
