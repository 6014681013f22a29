package io.hgq4j.model.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy's {@code .npy} format: the project's one codec, used by the {@code .hgq} file and by the data readers.
 *
 * <p>Reads versions 1.0, 2.0 and 3.0, little- and big-endian, C and Fortran order, dtypes {@code b1 i1 i2 i4 i8 u1
 * u2 u4 u8 f4 f8}, into an {@link NpyArray} that hands out exact integers or doubles. The header is parsed as the
 * Python dict literal it is (keys in any order, either quote, optional trailing comma), with exactly the keys
 * {@code descr}, {@code fortran_order} and {@code shape}. Anything else — structured or other dtypes, data shorter or
 * longer than the shape needs, more than {@link #MAX_ELEMENTS} elements — is an {@link ArrayFormatException} naming
 * the header field or the byte count. Nothing is allocated before the sizes have been checked against the bytes.
 *
 * <p>Writes version 1.0 (2.0 only when a header does not fit in 64 KiB, as NumPy does), C order, {@code <i8},
 * {@code <i4} or {@code <f8}, the header padded with spaces and a newline so the data starts at a multiple of 64
 * bytes, byte for byte what {@code numpy.save} writes.
 *
 * <p>Written by hand because the format is a 10-byte preamble and a Python-literal header, and the Java NPY
 * libraries on Maven Central are either early (0.0.x) or bring a Kotlin runtime; a strict reader that is fed
 * corrupted input in tests serves a file loader better.
 */
public final class Npy {

    /** The most elements an array may have (2^28, as {@link io.hgq4j.model.tensor.Shape#MAX_SIZE}). */
    public static final int MAX_ELEMENTS = 1 << 28;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final String SUPPORTED = "b1, i1, i2, i4, i8, u1, u2, u4, u8, f4 or f8";

    private Npy() {
    }

    // ---- writing ----

    /** Encodes {@code values} (C order) with {@code shape} as {@code <i8}. */
    public static byte[] writeInt64(int[] shape, long[] values) {
        checkSize(shape, values.length);
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        return withHeader("<i8", shape, data.array());
    }

    /** Encodes {@code values} (C order) with {@code shape} as {@code <i4}. */
    public static byte[] writeInt32(int[] shape, int[] values) {
        checkSize(shape, values.length);
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return withHeader("<i4", shape, data.array());
    }

    /** Encodes {@code values} (C order) with {@code shape} as {@code <f8}, every bit of every double kept. */
    public static byte[] writeFloat64(int[] shape, double[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeFloat64(out, shape, values);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Streams {@code values} (C order) with {@code shape} as {@code <f8} to {@code out}, every bit of every double
     * kept.
     *
     * @throws IOException if {@code out} fails
     */
    public static void writeFloat64(OutputStream out, int[] shape, double[] values) throws IOException {
        checkSize(shape, values.length);
        out.write(header("<f8", shape));
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putLong(Double.doubleToRawLongBits(v));
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private static void checkSize(int[] shape, int length) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (size != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " elements, given " + length);
        }
    }

    private static byte[] withHeader(String descr, int[] shape, byte[] data) {
        byte[] header = header(descr, shape);
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    /** Magic, version, header length and the header dict, padded so the data starts at a multiple of 64. */
    private static byte[] header(String descr, int[] shape) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int version = 1;
        int preamble = MAGIC.length + 2 + 2;
        int padded = (preamble + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - preamble;
        if (padded > 0xffff) { // as numpy.save: version 2.0 has a 4-byte header length
            version = 2;
            preamble += 2;
            padded = (preamble + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - preamble;
        }
        String text = dict + " ".repeat(padded - dict.length() - 1) + "\n";
        ByteBuffer out = ByteBuffer.allocate(preamble + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) padded);
        } else {
            out.putInt(padded);
        }
        out.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }

    // ---- reading ----

    /**
     * Decodes the array in {@code bytes} (a whole .npy file). The result reads its elements from {@code bytes}.
     *
     * @throws ArrayFormatException describing what is wrong with the bytes
     */
    public static NpyArray read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new ArrayFormatException("not a .npy array (missing the \\x93NUMPY magic)");
        }
        if (bytes.length < MAGIC.length + 2) {
            throw new ArrayFormatException("truncated .npy preamble: " + bytes.length + " bytes, expected at least 10");
        }
        in.position(MAGIC.length);
        int major = in.get() & 0xff;
        int minor = in.get() & 0xff;
        if (!(major >= 1 && major <= 3) || minor != 0) {
            throw new ArrayFormatException(".npy format version " + major + "." + minor + " is not supported (1.0, 2.0 or 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (in.remaining() < lengthBytes) {
            throw new ArrayFormatException("truncated .npy preamble: " + bytes.length + " bytes, expected at least "
                    + (MAGIC.length + 2 + lengthBytes));
        }
        long headerLength = major == 1 ? in.getShort() & 0xffff : in.getInt() & 0xffffffffL;
        if (headerLength > in.remaining()) {
            throw new ArrayFormatException(".npy header of " + headerLength + " bytes runs past the end of the data ("
                    + in.remaining() + " bytes after the preamble)");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        in.get(headerBytes);
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(text).dict();

        Object descr = dict.get("descr");
        if (!(descr instanceof String)) {
            throw field("descr", "a dtype string such as '<f8'", descr);
        }
        Dtype dtype = Dtype.parse((String) descr);
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw field("fortran_order", "True or False", fortran);
        }
        Object shapeValue = dict.get("shape");
        if (!(shapeValue instanceof int[])) {
            throw field("shape", "a tuple of non-negative integers such as (3, 4)", shapeValue);
        }
        int[] shape = (int[]) shapeValue;
        long size = 1;
        for (int d : shape) {
            size *= d;
            if (size > MAX_ELEMENTS) {
                throw new ArrayFormatException(".npy header field 'shape': " + tuple(shape) + " has more than 2^28 = "
                        + MAX_ELEMENTS + " elements");
            }
        }
        long needed = size * dtype.itemSize;
        if (in.remaining() != needed) {
            throw new ArrayFormatException(".npy array of shape " + tuple(shape) + " and dtype " + dtype + " needs " + needed
                    + " data bytes after the " + in.position() + "-byte header, found " + in.remaining());
        }
        return new NpyArray(dtype.kind, dtype.itemSize, dtype.order, (Boolean) fortran, shape, (int) size, in.slice());
    }

    private static ArrayFormatException field(String name, String expected, Object found) {
        String shown = found == null ? "nothing" : found instanceof int[] ? "the tuple " + tuple((int[]) found)
                : found instanceof String ? "the string " + ArrayFormatException.quote((String) found)
                : found instanceof Boolean ? ((Boolean) found ? "True" : "False") : found.toString();
        return new ArrayFormatException(".npy header field '" + name + "': expected " + expected + ", found " + shown);
    }

    /** A shape as Python writes it: {@code (3,)}, {@code (3, 4)}, {@code ()}. */
    static String tuple(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** A parsed {@code descr}. */
    private record Dtype(NpyArray.Kind kind, int itemSize, ByteOrder order) {

        @Override
        public String toString() {
            return (itemSize == 1 ? "|" : order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + kind.code() + itemSize;
        }

        static Dtype parse(String descr) {
            String s = descr;
            char byteOrder = '=';
            if (!s.isEmpty() && "<>|=".indexOf(s.charAt(0)) >= 0) {
                byteOrder = s.charAt(0);
                s = s.substring(1);
            }
            NpyArray.Kind kind = null;
            int size = 0;
            if (s.length() == 2) {
                for (NpyArray.Kind k : NpyArray.Kind.values()) {
                    if (k.code() == s.charAt(0)) {
                        kind = k;
                    }
                }
                size = s.charAt(1) - '0';
            } else if (s.equals("?")) {
                kind = NpyArray.Kind.BOOL;
                size = 1;
            }
            boolean valid = kind != null && switch (kind) {
                case BOOL -> size == 1;
                case SIGNED, UNSIGNED -> size == 1 || size == 2 || size == 4 || size == 8;
                case FLOAT -> size == 4 || size == 8;
            };
            if (!valid) {
                throw new ArrayFormatException(".npy header field 'descr': dtype " + ArrayFormatException.quote(descr)
                        + " is not supported; expected " + SUPPORTED);
            }
            ByteOrder order = switch (byteOrder) {
                case '<' -> ByteOrder.LITTLE_ENDIAN;
                case '>' -> ByteOrder.BIG_ENDIAN;
                case '|' -> {
                    if (size != 1) {
                        throw new ArrayFormatException(".npy header field 'descr': dtype " + ArrayFormatException.quote(descr)
                                + " has no byte order ('|') but " + size + "-byte elements; expected '<' or '>'");
                    }
                    yield ByteOrder.LITTLE_ENDIAN;
                }
                default -> ByteOrder.nativeOrder();
            };
            return new Dtype(kind, size, order);
        }
    }

    /**
     * The header: a Python dict literal with string keys and string, boolean or integer-tuple values, followed by
     * whitespace only.
     */
    private static final class HeaderParser {

        private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");

        private final String text;
        private int pos;

        HeaderParser(String text) {
            this.text = text;
        }

        Map<String, Object> dict() {
            Map<String, Object> dict = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            while (peek() != '}') {
                int at = pos;
                Object key = value();
                if (!(key instanceof String) || !KEYS.contains(key)) {
                    throw problem(at, "expected one of the keys 'descr', 'fortran_order', 'shape'");
                }
                skipSpace();
                expect(':');
                skipSpace();
                if (dict.put((String) key, value()) != null) {
                    throw problem(at, "key '" + key + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw problem(pos, "expected ',' or '}'");
                }
            }
            pos++;
            while (pos < text.length()) {
                if (!Character.isWhitespace(text.charAt(pos))) {
                    throw problem(pos, "expected only padding after the dict");
                }
                pos++;
            }
            for (String key : KEYS) {
                if (!dict.containsKey(key)) {
                    throw new ArrayFormatException(".npy header has no '" + key + "' field; expected a dict such as "
                            + "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4)}");
                }
            }
            return dict;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, pos + 1);
                if (end < 0) {
                    throw problem(pos, "unterminated string");
                }
                String s = text.substring(pos + 1, end);
                pos = end + 1;
                return s;
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (c == '(') {
                return shape();
            }
            throw problem(pos, "expected a string, True, False or a tuple");
        }

        /** A tuple of non-negative integers; one element needs its trailing comma, as in Python. */
        private int[] shape() {
            int start = pos;
            pos++;
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            skipSpace();
            while (peek() != ')') {
                int at = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 0x80) {
                    pos++;
                }
                String digits = text.substring(at, pos);
                if (digits.isEmpty()) {
                    throw problem(at, "expected a non-negative integer in the shape");
                }
                if (peek() == 'L') { // Python 2 long literals, written by old NumPy
                    pos++;
                }
                long d = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
                if (d > Integer.MAX_VALUE) {
                    throw new ArrayFormatException(".npy header field 'shape': dimension " + ArrayFormatException.quote(digits)
                            + " is too large");
                }
                dims.add((int) d);
                skipSpace();
                trailingComma = false;
                if (peek() == ',') {
                    pos++;
                    trailingComma = true;
                    skipSpace();
                } else if (peek() != ')') {
                    throw problem(pos, "expected ',' or ')' in the shape");
                }
            }
            pos++;
            if (dims.size() == 1 && !trailingComma) {
                throw problem(start, "a one-dimensional shape is written (n,), with the comma");
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private char peek() {
            if (pos >= text.length()) {
                throw problem(pos, "the header ends early");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw problem(pos, "expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private ArrayFormatException problem(int at, String what) {
            return new ArrayFormatException("unsupported .npy header " + ArrayFormatException.quote(text.strip(), 100)
                    + " at character " + at + ": " + what);
        }
    }
}
