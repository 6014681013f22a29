package io.hgq4j.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The NPY codec against byte arrays assembled by hand the way {@code numpy.save} lays them out (magic, version,
 * little-endian header length, the header dict padded with spaces and a newline to a multiple of 64, then the data),
 * with the expected values worked out by hand from the bytes.
 */
class NpyTest {

    // ---- writing: byte for byte what numpy.save writes ----

    @Test
    void writesInt64AsNumpyDoes() {
        byte[] bytes = Npy.writeInt64(new int[] {3, 2}, new long[] {1, 2, 3, 4, 5, -1});
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (3, 2), }";
        assertThat(bytes).startsWith(preamble(1, 118));
        assertThat(new String(bytes, 10, 118, StandardCharsets.ISO_8859_1)).isEqualTo(dict + " ".repeat(117 - dict.length()) + "\n");
        assertThat(bytes).hasSize(128 + 48);
        assertThat(java.util.Arrays.copyOfRange(bytes, 128, 136)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(java.util.Arrays.copyOfRange(bytes, 168, 176)).containsExactly(-1, -1, -1, -1, -1, -1, -1, -1);
    }

    @Test
    void writesOneDimensionalAndScalarShapesAsPythonTuples() {
        assertThat(header(Npy.writeInt32(new int[] {5}, new int[5]))).startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }");
        assertThat(header(Npy.writeInt32(new int[0], new int[] {7}))).startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (), }");
        assertThat(header(Npy.writeFloat64(new int[] {0, 3}, new double[0]))).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }");
    }

    @Test
    void writesFloat64BitForBit() {
        byte[] bytes = Npy.writeFloat64(new int[] {2}, new double[] {1.5, -0.0});
        assertThat(bytes).hasSize(128 + 16);
        // 1.5 = 0x3FF8000000000000, -0.0 = 0x8000000000000000, little-endian
        assertThat(java.util.Arrays.copyOfRange(bytes, 128, 144)).containsExactly(
                0, 0, 0, 0, 0, 0, (byte) 0xf8, 0x3f, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80);
        double nanWithPayload = Double.longBitsToDouble(0x7ff0000000000123L);
        double[] back = Npy.read(Npy.writeFloat64(new int[] {1}, new double[] {nanWithPayload})).toDoubles();
        assertThat(Double.doubleToRawLongBits(back[0])).isEqualTo(0x7ff0000000000123L);
    }

    @Test
    void writeChecksTheShape() {
        assertThatThrownBy(() -> Npy.writeInt64(new int[] {2, 2}, new long[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 4 elements, given 3");
    }

    // ---- reading hand-assembled files ----

    @Test
    void littleEndianUnsigned16() {
        NpyArray a = Npy.read(npy(1, "{'descr': '<u2', 'fortran_order': False, 'shape': (2, 3), }",
                0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0x34, 0x12, 0x00, 0x00, 0x02, 0x01));
        assertThat(a.dtype()).isEqualTo("<u2");
        assertThat(a.kind()).isEqualTo(NpyArray.Kind.UNSIGNED);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.toLongs()).containsExactly(1, 65535, 32768, 0x1234, 0, 0x0102);
        assertThat(a.toDoubles()).containsExactly(1, 65535, 32768, 4660, 0, 258);
    }

    @Test
    void bigEndianSigned32() {
        NpyArray a = Npy.read(npy(1, "{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }",
                0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe, 0x80, 0, 0, 0));
        assertThat(a.dtype()).isEqualTo(">i4");
        assertThat(a.toLongs()).containsExactly(1, -2, Integer.MIN_VALUE);
    }

    @Test
    void bigEndianFloat64() {
        // 1.5 = 3FF8 0000 0000 0000, -0.0 = 8000 ..., smallest subnormal = 0000 ... 0001
        NpyArray a = Npy.read(npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }",
                0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
        double[] v = a.toDoubles();
        assertThat(v[0]).isEqualTo(1.5);
        assertThat(Double.doubleToRawLongBits(v[1])).isEqualTo(Long.MIN_VALUE);
        assertThat(v[2]).isEqualTo(Double.MIN_VALUE);
        assertThatThrownBy(a::toLongs).isInstanceOf(ArrayFormatException.class)
                .hasMessage("dtype >f8 holds floating-point numbers; expected integers");
    }

    @Test
    void littleEndianFloat32WidensExactly() {
        // 0x3FC00000 = 1.5f, 0x00000001 = Float.MIN_VALUE, 0x7F800000 = +inf, 0xBDCCCCCD = -0.1f
        NpyArray a = Npy.read(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }",
                0, 0, 0xc0, 0x3f, 1, 0, 0, 0, 0, 0, 0x80, 0x7f, 0xcd, 0xcc, 0xcc, 0xbd));
        assertThat(a.toDoubles()).containsExactly(1.5, (double) Float.MIN_VALUE, Double.POSITIVE_INFINITY, (double) -0.1f);
    }

    @Test
    void fortranOrderTwoDimensional() {
        // the 2x3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column: 1 4 2 5 3 6
        NpyArray a = Npy.read(npy(1, "{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }",
                1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6, 0));
        assertThat(a.fortranOrder()).isTrue();
        assertThat(a.toLongs()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(a.toDoubles()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void fortranOrderThreeDimensionalBigEndian() {
        // element [i][j][k] = 100i + 10j + k of shape (2, 2, 3); Fortran order runs i fastest, then j, then k
        int[] data = new int[24];
        int n = 0;
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    int v = 100 * i + 10 * j + k;
                    data[n++] = v >> 8;
                    data[n++] = v & 0xff;
                }
            }
        }
        NpyArray a = Npy.read(npy(1, "{'descr': '>u2', 'fortran_order': True, 'shape': (2, 2, 3), }", data));
        assertThat(a.toLongs()).containsExactly(0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112);
    }

    @Test
    void fortranOrderOfOneDimensionIsPlain() {
        assertThat(Npy.read(npy(1, "{'descr': '|i1', 'fortran_order': True, 'shape': (3,), }", 0xff, 0x80, 0x7f)).toLongs())
                .containsExactly(-1, -128, 127);
    }

    @Test
    void boolArrays() {
        NpyArray a = Npy.read(npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", 0, 1, 1));
        assertThat(a.kind()).isEqualTo(NpyArray.Kind.BOOL);
        assertThat(a.isInteger()).isFalse();
        assertThat(a.toDoubles()).containsExactly(0, 1, 1);
        assertThat(a.toLongs()).containsExactly(0, 1, 1);
        NpyArray two = Npy.read(npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", 1, 2));
        assertThatThrownBy(two::toDoubles).isInstanceOf(ArrayFormatException.class)
                .hasMessage("element at byte 1 of the data is 2; a b1 (bool) element is 0 or 1");
    }

    @Test
    void unsigned64IsExactOrRefused() {
        NpyArray a = Npy.read(npy(1, "{'descr': '<u8', 'fortran_order': False, 'shape': (3,), }",
                0, 0, 0, 0, 0, 0, 0, 0x80, // 2^63
                0, 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // 2^64 - 2048: 53 significant bits
                5, 0, 0, 0, 0, 0, 0, 0));
        assertThat(a.toDoubles()).containsExactly(0x1p63, 0x1p64 - 2048, 5);
        assertThatThrownBy(a::toLongs).isInstanceOf(ArrayFormatException.class)
                .hasMessage("element 0 is 9223372036854775808, beyond the int64 range");
        NpyArray max = Npy.read(npy(1, "{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }",
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
        assertThatThrownBy(max::toDoubles).isInstanceOf(ArrayFormatException.class)
                .hasMessage("element 0 is 18446744073709551615, which a double cannot hold exactly (it would round)");
        NpyArray small = Npy.read(npy(1, "{'descr': '<u4', 'fortran_order': False, 'shape': (1,), }", 0xff, 0xff, 0xff, 0xff));
        assertThat(small.toLongs()).containsExactly(4294967295L);
    }

    @Test
    void int64BeyondTwoTo53MustBeExactAsDouble() {
        long[] values = {(1L << 53) + 1, 1L << 62, Long.MIN_VALUE, Long.MAX_VALUE, -(1L << 53) - 2};
        NpyArray a = Npy.read(Npy.writeInt64(new int[] {5}, values));
        assertThat(a.toLongs()).containsExactly(values);
        assertThatThrownBy(a::toDoubles).hasMessage("element 0 is 9007199254740993, which a double cannot hold exactly (it would round)");
        assertThat(Npy.read(Npy.writeInt64(new int[] {3}, new long[] {1L << 62, Long.MIN_VALUE, -(1L << 53) - 2})).toDoubles())
                .containsExactly(0x1p62, -0x1p63, -0x1p53 - 2);
        assertThatThrownBy(() -> Npy.read(Npy.writeInt64(new int[] {1}, new long[] {Long.MAX_VALUE})).toDoubles())
                .hasMessageContaining("9223372036854775807, which a double cannot hold exactly");
    }

    @Test
    void versionsTwoAndThree() {
        NpyArray v2 = Npy.read(npy(2, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 42, 0, 0, 0, 0, 0, 0, 0));
        assertThat(v2.toLongs()).containsExactly(42);
        // version 3 headers are UTF-8 (a structured field name could use it; a plain header is ASCII either way)
        NpyArray v3 = Npy.read(npy(3, "{\"descr\": \"<i2\", \"shape\": (2,), \"fortran_order\": False}", 0xfe, 0xff, 3, 0));
        assertThat(v3.toLongs()).containsExactly(-2, 3);
    }

    @Test
    void headerVariantsNumpyAccepts() {
        // keys in another order, no trailing comma, Python 2 long literals, 16-byte alignment of old numpy
        byte[] old = preambleAnd(1, "{'descr': '<i1', 'fortran_order': False, 'shape': (2L, 1L)}        \n", 5, 6);
        assertThat(Npy.read(old).toLongs()).containsExactly(5, 6);
        assertThat(Npy.read(npy(1, "{ 'shape' : ( 2 , ) , 'fortran_order' : False , 'descr' : '|u1' , }", 9, 8)).toLongs())
                .containsExactly(9, 8);
        NpyArray scalar = Npy.read(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 0, 0, 0, 0, 0, 0, 0xf0, 0x3f));
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.toDoubles()).containsExactly(1.0);
        NpyArray empty = Npy.read(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5), }"));
        assertThat(empty.size()).isZero();
        assertThat(empty.toDoubles()).isEmpty();
    }

    // ---- errors ----

    @Test
    void rejectsWhatIsNotAnNpyArray() {
        assertRejected(new byte[] {(byte) 0x93, 'N', 'U', 'M'}, "not a .npy array (missing the \\x93NUMPY magic)");
        assertRejected("PK\3\4 a zip".getBytes(StandardCharsets.ISO_8859_1), "not a .npy array");
        assertRejected(java.util.Arrays.copyOf(preamble(1, 0), 7), "truncated .npy preamble: 7 bytes, expected at least 10");
        assertRejected(java.util.Arrays.copyOf(preamble(2, 0), 9), "truncated .npy preamble: 9 bytes, expected at least 12");
        assertRejected(npy(4, "{}"), ".npy format version 4.0 is not supported (1.0, 2.0 or 3.0)");
        byte[] minor = npy(1, "{}");
        minor[7] = 1;
        assertRejected(minor, ".npy format version 1.1 is not supported");
        byte[] longHeader = npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }");
        longHeader[8] = (byte) 0xff;
        longHeader[9] = (byte) 0x7f;
        assertRejected(longHeader, ".npy header of 32767 bytes runs past the end of the data (118 bytes after the preamble)");
    }

    @Test
    void rejectsHeadersNamingTheField() {
        assertRejected(npy(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }"),
                ".npy header field 'descr': dtype '<c16' is not supported; expected b1, i1, i2, i4, i8, u1, u2, u4, u8, f4 or f8");
        assertRejected(npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }"), "dtype '<f2' is not supported");
        assertRejected(npy(1, "{'descr': '|S5', 'fortran_order': False, 'shape': (1,), }"), "dtype '|S5' is not supported");
        assertRejected(npy(1, "{'descr': '|i4', 'fortran_order': False, 'shape': (1,), }"),
                "dtype '|i4' has no byte order ('|') but 4-byte elements; expected '<' or '>'");
        assertRejected(npy(1, "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }"),
                "at character 10: expected a string, True, False or a tuple");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': 'no', 'shape': (1,), }"),
                ".npy header field 'fortran_order': expected True or False, found the string 'no'");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': True, }"),
                ".npy header field 'shape': expected a tuple of non-negative integers such as (3, 4), found True");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (3), }"), "a one-dimensional shape is written (n,)");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (-3,), }"), "expected a non-negative integer in the shape");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (99999999999,), }"),
                ".npy header field 'shape': dimension '99999999999' is too large");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (65536, 65536), }"),
                ".npy header field 'shape': (65536, 65536) has more than 2^28 = 268435456 elements");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False}"), ".npy header has no 'shape' field");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), 'extra': 1}"),
                "expected one of the keys 'descr', 'fortran_order', 'shape'");
        assertRejected(npy(1, "{'descr': '<i8', 'descr': '<i8', 'fortran_order': False, 'shape': (1,)}"), "key 'descr' appears twice");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,)} x"), "expected only padding after the dict");
        assertRejected(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,"), "the header ends early");
        assertRejected(npy(1, "{'descr' '<i8'}"), "at character 9: expected ':'");
    }

    @Test
    void rejectsDataOfTheWrongLength() {
        byte[] full = Npy.writeInt64(new int[] {3, 2}, new long[6]);
        assertRejected(java.util.Arrays.copyOf(full, full.length - 8),
                ".npy array of shape (3, 2) and dtype <i8 needs 48 data bytes after the 128-byte header, found 40");
        assertRejected(java.util.Arrays.copyOf(full, full.length + 1), "needs 48 data bytes after the 128-byte header, found 49");
    }

    // ---- helpers ----

    private static void assertRejected(byte[] bytes, String message) {
        assertThatThrownBy(() -> Npy.read(bytes)).isInstanceOf(ArrayFormatException.class).hasMessageContaining(message);
    }

    private static String header(byte[] npy) {
        int length = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        return new String(npy, 10, length, StandardCharsets.ISO_8859_1);
    }

    /** Magic, version major.0 and the header length (2 bytes for version 1, 4 otherwise), little-endian. */
    private static byte[] preamble(int major, int headerLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        out.write(headerLength & 0xff);
        out.write(headerLength >> 8 & 0xff);
        if (major != 1) {
            out.write(headerLength >> 16 & 0xff);
            out.write(headerLength >>> 24);
        }
        return out.toByteArray();
    }

    /** A file as numpy lays it out: {@code dict} padded with spaces and a newline so the data starts at a multiple of 64. */
    static byte[] npy(int major, String dict, int... data) {
        int preamble = major == 1 ? 10 : 12;
        int length = dict.getBytes(StandardCharsets.UTF_8).length;
        int padded = (preamble + length + 1 + 63) / 64 * 64 - preamble;
        return preambleAnd(major, dict + " ".repeat(padded - length - 1) + "\n", data);
    }

    private static byte[] preambleAnd(int major, String header, int... data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble(major, text.length));
        out.writeBytes(text);
        for (int d : data) {
            out.write(d);
        }
        return out.toByteArray();
    }
}
