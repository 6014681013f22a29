package io.hgq4j.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleArraysTest {

    @TempDir
    Path dir;

    // ---- file names ----

    @Test
    void formatFromTheFileName() {
        assertThat(DataFormat.ofFileName("x.npy")).contains(DataFormat.NPY);
        assertThat(DataFormat.ofFileName("data/X.NPY.GZ")).contains(DataFormat.NPY);
        assertThat(DataFormat.ofFileName("digits.csv.gz")).contains(DataFormat.CSV);
        assertThat(DataFormat.ofFileName("t10k-images-idx3-ubyte.gz")).contains(DataFormat.IDX);
        assertThat(DataFormat.ofFileName("/a/b/t10k-labels-idx1-ubyte")).contains(DataFormat.IDX);
        assertThat(DataFormat.ofFileName("train-images.idx3-ubyte")).contains(DataFormat.IDX);
        assertThat(DataFormat.ofFileName("weird-idx4-float")).contains(DataFormat.IDX);
        assertThat(DataFormat.ofFileName("images.idx")).contains(DataFormat.IDX);
        assertThat(DataFormat.ofFileName("images.idx.gz")).contains(DataFormat.IDX);
        assertThat(DataFormat.ofFileName("x.npz")).isEqualTo(Optional.empty());
        assertThat(DataFormat.ofFileName("csv")).isEmpty();
        assertThat(DataFormat.ofFileName("x.csv/y.txt")).isEmpty();
        assertThat(DataFormat.ofFileName("idxfile")).isEmpty();
    }

    @Test
    void unknownNamesAreRefusedBeforeReading() {
        assertThatThrownBy(() -> SampleArrays.read(dir.resolve("missing.txt")))
                .isInstanceOf(ArrayFormatException.class)
                .hasMessageEndingWith("missing.txt: cannot tell the format from the name; expected .npy, .csv or IDX "
                        + "(.idx, *-idx3-ubyte), optionally gzip-compressed (.gz)");
        assertThatThrownBy(() -> SampleArrays.read(dir.resolve("missing.csv"))).isInstanceOf(NoSuchFileException.class);
        SampleArray a = SampleArray.ofRows(new double[][] {{1}});
        assertThatThrownBy(() -> SampleArrays.write(dir.resolve("out.idx"), a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can write .npy and .csv files (optionally .gz), not out.idx");
        assertThatThrownBy(() -> SampleArrays.write(dir.resolve("out.txt"), a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gzipIsDetectedByItsMagicNotItsName() throws IOException {
        byte[] csv = "1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII);
        SampleArray expected = SampleArray.ofRows(new double[][] {{1, 2}, {3, 4}});
        assertThat(SampleArrays.fromBytes(gzip(csv), "plain-name.csv", 1.0)).isEqualTo(expected);
        assertThat(SampleArrays.fromBytes(csv, "not-compressed.csv.gz", 1.0)).isEqualTo(expected);
        assertThat(SampleArrays.fromBytes(gzip(csv), "x.csv.gz", 1.0)).isEqualTo(expected);
        // several gzip members are one stream, as gzip -d reads them
        byte[] twoMembers = concat(gzip("1,2\n".getBytes(StandardCharsets.US_ASCII)), gzip("3,4\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(SampleArrays.fromBytes(twoMembers, "x.csv.gz", 1.0)).isEqualTo(expected);
    }

    @Test
    void writesAndReadsFiles() throws IOException {
        SampleArray a = SampleArray.of(new double[] {1, 0.5, -0.0, 1e-300, 2, 3}, 2, Shape.of(3));
        Path csv = dir.resolve("sub/a.csv");
        SampleArrays.write(csv, a);
        assertThat(Files.readString(csv)).isEqualTo("1.0,0.5,-0.0\n1.0E-300,2.0,3.0\n");
        assertThat(SampleArrays.read(csv)).isEqualTo(a);
        Path npy = dir.resolve("a.npy");
        SampleArrays.write(npy, a);
        assertThat(Files.readAllBytes(npy)).isEqualTo(Npy.writeFloat64(new int[] {2, 3}, a.toArray()));
        SampleArrays.write(npy, a.samples(0, 1)); // replaces
        assertThat(SampleArrays.read(npy)).isEqualTo(a.samples(0, 1));
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void csvWritesSamplesFlat() throws IOException {
        SampleArray images = SampleArray.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, Shape.of(2, 2));
        Path csv = dir.resolve("images.csv");
        SampleArrays.write(csv, images);
        assertThat(Files.readString(csv)).isEqualTo("1.0,2.0,3.0,4.0\n5.0,6.0,7.0,8.0\n");
        assertThat(SampleArrays.read(csv).withSampleShape(Shape.of(2, 2))).isEqualTo(images);
        Path npy = dir.resolve("images.npy");
        SampleArrays.write(npy, images);
        assertThat(SampleArrays.read(npy)).isEqualTo(images);
        assertThatThrownBy(() -> SampleArrays.write(dir.resolve("none.csv"), images.samples(0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a CSV file cannot hold zero samples");
        SampleArrays.write(dir.resolve("none.npy"), images.samples(0, 0));
        assertThat(SampleArrays.read(dir.resolve("none.npy"))).isEqualTo(images.samples(0, 0));
    }

    // ---- NPY as samples ----

    @Test
    void npyFirstAxisIsTheSampleAxis() {
        SampleArray labels = SampleArrays.fromBytes(Npy.writeInt64(new int[] {4}, new long[] {3, 1, 4, 1}), "y.npy", 1.0);
        assertThat(labels.count()).isEqualTo(4);
        assertThat(labels.sampleShape()).isEqualTo(Shape.of(1));
        assertThat(labels.value(2, 0)).isEqualTo(4.0);
        SampleArray images = SampleArrays.fromBytes(Npy.writeInt32(new int[] {2, 1, 3}, new int[] {1, 2, 3, 4, 5, 6}), "x.npy", 0.5);
        assertThat(images.sampleShape()).isEqualTo(Shape.of(1, 3));
        assertThat(images.sample(1)).containsExactly(2, 2.5, 3);
        assertThatThrownBy(() -> SampleArrays.fromBytes(Npy.writeInt32(new int[0], new int[] {1}), "s.npy", 1.0))
                .isInstanceOf(ArrayFormatException.class)
                .hasMessage("s.npy: .npy header field 'shape': () is a single value; expected at least one axis, the sample axis");
        assertThatThrownBy(() -> SampleArrays.fromBytes(Npy.writeInt32(new int[] {3, 0}, new int[0]), "e.npy", 1.0))
                .hasMessage("e.npy: .npy header field 'shape': (3, 0) has axis 1 of length 0; a sample needs at least one element");
        assertThatThrownBy(() -> SampleArrays.fromBytes(Npy.writeInt64(new int[] {1}, new long[] {Long.MAX_VALUE}), "big.npy", 1.0))
                .hasMessage("big.npy: element 0 is 9223372036854775807, which a double cannot hold exactly (it would round)");
    }

    @Test
    void scaleMultipliesEachValueOnce() {
        byte[] pixels = idx(0x08, new int[] {1, 4}, 0, 1, 128, 255);
        SampleArray a = SampleArrays.fromBytes(pixels, "p.idx", 0.00390625);
        assertThat(a.sample(0)).containsExactly(0, 0.00390625, 0.5, 0.99609375);
        SampleArray b = SampleArrays.fromBytes("0.1,-3,1e308\n".getBytes(StandardCharsets.US_ASCII), "s.csv", 10);
        assertThat(b.sample(0)).containsExactly(0.1 * 10, -30, Double.POSITIVE_INFINITY); // value * scale, as double arithmetic
        assertThatThrownBy(() -> SampleArrays.fromBytes(pixels, "p.idx", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- CSV ----

    @Test
    void csvWithAndWithoutHeader() {
        assertThat(csv("a,b,c\n1,2,3\n4,5,6\n")).isEqualTo(SampleArray.ofRows(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        assertThat(csv("1,2,3\n4,5,6")).isEqualTo(SampleArray.ofRows(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        // pandas writes an empty first header field for the index column; quoted names may hold commas
        assertThat(csv(",x,y\n0,1.5,2\n")).isEqualTo(SampleArray.ofRows(new double[][] {{0, 1.5, 2}}));
        assertThat(csv("\"a,b\",c\n1,2\n")).isEqualTo(SampleArray.ofRows(new double[][] {{1, 2}}));
        // blank lines anywhere, CRLF, a byte-order mark, spaces around numbers
        assertThat(csv("\uFEFF\r\n  \npixel0, pixel1\r\n\r\n 1 , 2 \r\n\t\n3,4\r\n\n"))
                .isEqualTo(SampleArray.ofRows(new double[][] {{1, 2}, {3, 4}}));
    }

    @Test
    void csvNumbers() {
        SampleArray a = csv("-0,+1,.5,5.,1e3,-2.5E-3,4.9E-324,1.7976931348623157E308,123456789012345678901234567890\n"
                + "nan,NaN,inf,-Infinity,+INF,16,1,2,3\n");
        assertThat(Double.doubleToRawLongBits(a.value(0, 0))).isEqualTo(Long.MIN_VALUE);
        assertThat(a.sample(0)).containsExactly(-0.0, 1, 0.5, 5, 1000, -0.0025, Double.MIN_VALUE, Double.MAX_VALUE, 1.2345678901234568E29);
        assertThat(a.sample(1)).containsExactly(Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 16, 1, 2, 3);
    }

    @Test
    void csvErrorsNameTheLine() {
        assertCsvError("1,2\n3,4\n\n5,6,7\n", "c.csv: line 4 has 3 fields, expected 2 as on line 1");
        assertCsvError("a,b\n1,2\n3\n", "c.csv: line 3 has 1 field, expected 2 as in the header on line 1");
        assertCsvError("a,b,c\n1,2\n", "c.csv: line 2 has 2 fields, expected 3 as in the header on line 1");
        assertCsvError("1,2\nx,y\n", "c.csv: line 2, field 1: 'x' is not a number; expected a number such as 3, -0.25 or 1e-3 "
                + "(only the first line may be a header)");
        assertCsvError("a,b\nc,d\n", "c.csv: line 2, field 1: 'c' is not a number");
        assertCsvError("1,,3\n", "c.csv: line 1, field 2: empty field");
        assertCsvError("1,2\n3,\n", "c.csv: line 2, field 2: empty field");
        assertCsvError("1,2\n3,0x1p3\n", "line 2, field 2: '0x1p3' is not a number");
        assertCsvError("1,2\n3,1d\n", "line 2, field 2: '1d' is not a number");
        assertCsvError("1,2\n3,1e\n", "line 2, field 2: '1e' is not a number");
        assertCsvError("1,2\n3,.\n", "line 2, field 2: '.' is not a number");
        assertCsvError("1,2\n3,1 2\n", "line 2, field 2: '1 2' is not a number");
        assertCsvError("", "c.csv: no data rows (the file is empty)");
        assertCsvError("\n \n", "c.csv: no data rows (the file is empty)");
        assertCsvError("a,b\n\n", "c.csv: no data rows, only a header line");
        assertCsvError("a,b\n1,2\n\u0001\u0002\n", "c.csv: line 3, field 1: '??' is not a number");
    }

    // ---- IDX ----

    @Test
    void idxEveryType() {
        assertThat(SampleArrays.fromBytes(idx(0x08, new int[] {2, 2}, 0, 255, 128, 7), "u.idx", 1).toArray()).containsExactly(0, 255, 128, 7);
        assertThat(SampleArrays.fromBytes(idx(0x09, new int[] {3}, 0xff, 0x80, 0x7f), "b.idx", 1).toArray()).containsExactly(-1, -128, 127);
        assertThat(SampleArrays.fromBytes(idx(0x0B, new int[] {2}, 0xff, 0xfe, 0x01, 0x00), "s.idx", 1).toArray()).containsExactly(-2, 256);
        assertThat(SampleArrays.fromBytes(idx(0x0C, new int[] {1}, 0x80, 0, 0, 0), "i.idx", 1).toArray()).containsExactly(Integer.MIN_VALUE);
        assertThat(SampleArrays.fromBytes(idx(0x0D, new int[] {1}, 0x3f, 0xc0, 0, 0), "f.idx", 1).toArray()).containsExactly(1.5);
        assertThat(SampleArrays.fromBytes(idx(0x0E, new int[] {1}, 0xbf, 0xf8, 0, 0, 0, 0, 0, 0), "d.idx", 1).toArray()).containsExactly(-1.5);
    }

    @Test
    void idxShapes() {
        SampleArray labels = SampleArrays.fromBytes(idx(0x08, new int[] {3}, 7, 2, 1), "t10k-labels-idx1-ubyte", 1);
        assertThat(labels.count()).isEqualTo(3);
        assertThat(labels.sampleShape()).isEqualTo(Shape.of(1));
        int[] pixels = new int[2 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        SampleArray images = SampleArrays.fromBytes(idx(0x08, new int[] {2, 2, 3}, pixels), "x-idx3-ubyte", 1);
        assertThat(images.sampleShape()).isEqualTo(Shape.of(2, 3));
        assertThat(images.sample(1)).containsExactly(6, 7, 8, 9, 10, 11);
        assertThat(images.value(0, 4)).isEqualTo(4);
        assertThat(SampleArrays.fromBytes(idx(0x08, new int[] {0, 28, 28}), "empty.idx", 1).count()).isZero();
    }

    @Test
    void idxErrors() {
        byte[] header = idx(0x08, new int[] {10000, 28, 28});
        byte[] short5m = java.util.Arrays.copyOf(header, header.length + 5_000_000);
        assertThatThrownBy(() -> SampleArrays.fromBytes(short5m, "images.idx", 1)).isInstanceOf(ArrayFormatException.class)
                .hasMessage("images.idx: header says 10000 samples of 28x28 ubytes (7840000 bytes) but the file has 5000000 "
                        + "after its 16-byte header");
        assertThatThrownBy(() -> SampleArrays.fromBytes(gzip(short5m), "images.idx.gz", 1))
                .hasMessageContaining("but the decompressed file has 5000000 after its 16-byte header");
        assertThatThrownBy(() -> SampleArrays.fromBytes(idx(0x08, new int[] {3}, 1, 2), "l-idx1-ubyte", 1))
                .hasMessage("l-idx1-ubyte: header says 3 samples of 1 ubyte (3 bytes) but the file has 2 after its 8-byte header");
        assertThatThrownBy(() -> SampleArrays.fromBytes(idx(0x08, new int[] {1}, 1, 2), "l.idx", 1)).hasMessageContaining("has 2 after");
        assertThatThrownBy(() -> SampleArrays.fromBytes(new byte[] {0x1f, (byte) 0x8b}, "x.idx", 1))
                .hasMessageStartingWith("x.idx: damaged gzip data");
        assertThatThrownBy(() -> SampleArrays.fromBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, "x.idx", 1))
                .hasMessage("x.idx: not an IDX file: magic number 93 4e 55 4d; expected 00 00, the type (08 ubyte, 09 byte, "
                        + "0b short, 0c int, 0d float, 0e double) and the number of dimensions");
        assertThatThrownBy(() -> SampleArrays.fromBytes(new byte[0], "x.idx", 1)).hasMessageContaining("magic number missing");
        assertThatThrownBy(() -> SampleArrays.fromBytes(new byte[] {0, 0, 8, 0}, "x.idx", 1))
                .hasMessage("x.idx: IDX magic number says 0 dimensions; expected at least 1 (the sample axis)");
        assertThatThrownBy(() -> SampleArrays.fromBytes(new byte[] {0, 0, 8, 3, 0, 0, 0, 1}, "x.idx", 1))
                .hasMessage("x.idx: IDX header of 3 dimensions needs 16 bytes but the file has 8");
        assertThatThrownBy(() -> SampleArrays.fromBytes(idx(0x08, new int[] {-1, 2}), "x.idx", 1))
                .hasMessage("x.idx: IDX header: dimension 0 is 4294967295, more than 2147483647");
        assertThatThrownBy(() -> SampleArrays.fromBytes(idx(0x08, new int[] {5, 0}), "x.idx", 1))
                .hasMessage("x.idx: IDX header: dimension 1 is 0; a sample needs at least one element");
        // declared sizes are checked before anything is allocated
        assertThatThrownBy(() -> SampleArrays.fromBytes(idx(0x0E, new int[] {Integer.MAX_VALUE, 65536, 65536}), "x.idx", 1))
                .hasMessage("x.idx: IDX header says 2147483647 samples of 65536x65536, more than 2^28 = 268435456 elements");
        assertThatThrownBy(() -> SampleArrays.fromBytes(idx(0x0E, new int[] {1 << 20, 255}, 1, 2, 3), "x.idx", 1))
                .hasMessageContaining("(2139095040 bytes) but the file has 3");
    }

    // ---- SampleArray ----

    @Test
    void sampleArrayIsImmutableAndChecked() {
        double[] values = {1, 2, 3, 4, 5, 6};
        SampleArray a = SampleArray.of(values, 3, Shape.of(2));
        values[0] = 99;
        assertThat(a.value(0, 0)).isEqualTo(1);
        a.sample(0)[0] = 99;
        a.toArray()[0] = 99;
        assertThat(a.value(0, 0)).isEqualTo(1);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.sampleSize()).isEqualTo(2);
        assertThat(a).hasToString("3 samples of 2");
        assertThat(a.samples(1, 3)).isEqualTo(SampleArray.ofRows(new double[][] {{3, 4}, {5, 6}}));
        assertThat(a.elements(1, 2)).isEqualTo(SampleArray.ofRows(new double[][] {{2}, {4}, {6}}));
        assertThat(a.withSampleShape(Shape.of(1, 2)).sampleShape()).isEqualTo(Shape.of(1, 2));
        assertThat(a).isNotEqualTo(a.withSampleShape(Shape.of(1, 2))).hasSameHashCodeAs(SampleArray.of(a.toArray(), 3, Shape.of(2)));
        assertThatThrownBy(() -> a.value(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.value(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> SampleArray.of(values, 2, Shape.of(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 samples of shape 2 need 4 values, given 6");
        assertThatThrownBy(() -> SampleArray.ofRows(new double[][] {{1}, {2, 3}})).hasMessage("row 1 has 2 values, row 0 has 1");
        assertThatThrownBy(() -> SampleArray.ofRows(new double[0][])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.withSampleShape(Shape.of(3))).isInstanceOf(IllegalArgumentException.class);
        assertThat(SampleArray.of(new double[] {0.0}, 1, Shape.of(1))).isNotEqualTo(SampleArray.of(new double[] {-0.0}, 1, Shape.of(1)));
        assertThat(SampleArray.of(new double[] {Double.NaN}, 1, Shape.of(1)))
                .isEqualTo(SampleArray.of(new double[] {Double.longBitsToDouble(0x7ff0000000000001L)}, 1, Shape.of(1)));
    }

    // ---- helpers ----

    private static SampleArray csv(String text) {
        return SampleArrays.fromBytes(text.getBytes(StandardCharsets.UTF_8), "c.csv", 1.0);
    }

    private static void assertCsvError(String text, String message) {
        assertThatThrownBy(() -> csv(text)).isInstanceOf(ArrayFormatException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("c.csv: ").doesNotContain("\n"));
    }

    /** An IDX file: magic 00 00 type rank, big-endian dimensions, then the data bytes. */
    static byte[] idx(int type, int[] dims, int... data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int d : data) {
            b.put((byte) d);
        }
        return b.array();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
