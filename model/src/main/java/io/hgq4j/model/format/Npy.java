package io.hgq4j.model.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of NumPy's {@code .npy} format that a .hgq file uses: C-ordered arrays of little-endian integers.
 * Writes version 1.0 with {@code <i8} or {@code <i4}; reads versions 1.0–3.0 and any of {@code i1 i2 i4 i8 u1 u2 u4}
 * (so files re-saved by NumPy still load), rejecting everything else with a message that says what was found.
 *
 * <p>Written by hand because the format is a 10-byte preamble and a Python-literal header, and the Java NPY
 * libraries on Maven Central are either early (0.0.x) or bring a Kotlin runtime; a strict reader that is fed
 * corrupted input in tests serves a file loader better.
 */
final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*'descr'\\s*:\\s*'([<>|=]?)([iu])(\\d)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,"
                    + "\\s*'shape'\\s*:\\s*\\(([0-9,\\s]*)\\)\\s*,?\\s*}\\s*");

    private Npy() {
    }

    /** An integer array read from a .npy entry, widened to {@code long}. */
    record IntArray(int[] shape, long[] values) {
    }

    /** Encodes {@code values} with {@code shape} as {@code <i8}. */
    static byte[] writeInt64(int[] shape, long[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        return withHeader("<i8", shape, data.array());
    }

    /** Encodes {@code values} with {@code shape} as {@code <i4}. */
    static byte[] writeInt32(int[] shape, int[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return withHeader("<i4", shape, data.array());
    }

    private static byte[] withHeader(String descr, int[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, Math.max(0, dims.length() - 2)) + ")";
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }");
        int preamble = MAGIC.length + 2 + 2;
        while ((preamble + header.length() + 1) % ALIGNMENT != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(preamble + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerBytes.length).put(headerBytes).put(data);
        return out.array();
    }

    /**
     * Decodes an integer array.
     *
     * @throws FormatProblem describing what is wrong with the bytes
     */
    static IntArray read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new FormatProblem("not a .npy array (missing the \\x93NUMPY magic)");
        }
        in.position(MAGIC.length);
        int major = in.get() & 0xff;
        in.get();
        long headerLength;
        if (major == 1) {
            headerLength = in.getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            if (in.remaining() < 4) {
                throw new FormatProblem("truncated .npy header");
            }
            headerLength = in.getInt() & 0xffffffffL;
        } else {
            throw new FormatProblem(".npy format version " + major + " is not supported (1, 2 or 3)");
        }
        if (headerLength > in.remaining()) {
            throw new FormatProblem(".npy header of " + headerLength + " bytes runs past the end of the entry");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        in.get(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            String shown = header.trim().length() > 100 ? header.trim().substring(0, 100) + "..." : header.trim();
            throw new FormatProblem("unsupported .npy header " + shown + "; expected a C-ordered integer array such as {'descr': '<i8', 'fortran_order': False, 'shape': (4,)}");
        }
        String order = m.group(1);
        boolean unsigned = m.group(2).equals("u");
        int itemSize = Integer.parseInt(m.group(3));
        if (m.group(4).equals("True")) {
            throw new FormatProblem(".npy array is in Fortran order; expected C order");
        }
        if (order.equals(">") && itemSize > 1) {
            throw new FormatProblem(".npy array is big-endian; expected little-endian");
        }
        if (!(itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8) || (unsigned && itemSize == 8)) {
            throw new FormatProblem(".npy dtype " + order + m.group(2) + itemSize
                    + " is not supported; expected i1, i2, i4, i8, u1, u2 or u4");
        }
        int[] shape = parseShape(m.group(5));
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new FormatProblem(".npy shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if ((long) in.remaining() != count * itemSize) {
            throw new FormatProblem(".npy array of shape " + Arrays.toString(shape) + " needs " + count * itemSize
                    + " data bytes, the entry has " + in.remaining());
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (itemSize) {
                case 1 -> unsigned ? in.get() & 0xffL : in.get();
                case 2 -> unsigned ? in.getShort() & 0xffffL : in.getShort();
                case 4 -> unsigned ? in.getInt() & 0xffffffffL : in.getInt();
                default -> in.getLong();
            };
        }
        return new IntArray(shape, values);
    }

    private static int[] parseShape(String tuple) {
        List<Integer> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() > 9) {
                throw new FormatProblem(".npy dimension " + p + " is too large");
            }
            dims.add(Integer.parseInt(p));
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
