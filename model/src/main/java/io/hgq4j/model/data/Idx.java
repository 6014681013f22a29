package io.hgq4j.model.data;

import io.hgq4j.model.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The IDX format of MNIST: a big-endian magic number {@code 00 00 type ndims}, {@code ndims} big-endian 32-bit
 * dimensions, then the elements in row-major order, big-endian. Types: {@code 08} unsigned byte, {@code 09} signed
 * byte, {@code 0B} 16-bit, {@code 0C} 32-bit integer, {@code 0D} float, {@code 0E} double. The first dimension is the
 * sample axis; a one-dimensional file (MNIST labels) holds samples of shape [1].
 */
final class Idx {

    private Idx() {
    }

    /**
     * The samples in {@code b}.
     *
     * @param where how to call the bytes in messages: "the file", "the decompressed file"
     */
    static SampleArray read(byte[] b, String where) {
        if (b.length < 4 || b[0] != 0 || b[1] != 0 || name(b[2]) == null) {
            StringBuilder magic = new StringBuilder();
            for (int i = 0; i < Math.min(4, b.length); i++) {
                magic.append(String.format(" %02x", b[i] & 0xff));
            }
            throw new ArrayFormatException("not an IDX file: magic number" + (b.length == 0 ? " missing" : magic)
                    + "; expected 00 00, the type (08 ubyte, 09 byte, 0b short, 0c int, 0d float, 0e double) "
                    + "and the number of dimensions");
        }
        int type = b[2];
        int rank = b[3] & 0xff;
        if (rank == 0) {
            throw new ArrayFormatException("IDX magic number says 0 dimensions; expected at least 1 (the sample axis)");
        }
        int headerBytes = 4 + 4 * rank;
        if (b.length < headerBytes) {
            throw new ArrayFormatException("IDX header of " + rank + " dimensions needs " + headerBytes + " bytes but "
                    + where + " has " + b.length);
        }
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        in.position(4);
        int[] dims = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            dims[axis] = in.getInt();
            if (dims[axis] < 0) {
                throw new ArrayFormatException("IDX header: dimension " + axis + " is " + Integer.toUnsignedString(dims[axis])
                        + ", more than " + Integer.MAX_VALUE);
            }
            if (axis > 0 && dims[axis] == 0) {
                throw new ArrayFormatException("IDX header: dimension " + axis + " is 0; a sample needs at least one element");
            }
        }
        int count = dims[0];
        int[] sampleDims = rank == 1 ? new int[] {1} : Arrays.copyOfRange(dims, 1, rank);
        long sampleSize = 1;
        for (int d : sampleDims) {
            sampleSize = Math.min(sampleSize * d, Npy.MAX_ELEMENTS + 1L);
        }
        if (sampleSize * count > Npy.MAX_ELEMENTS) {
            throw new ArrayFormatException("IDX header says " + count + " samples of " + shape(sampleDims)
                    + ", more than 2^28 = " + Npy.MAX_ELEMENTS + " elements");
        }
        int itemSize = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            default -> 8;
        };
        long needed = sampleSize * count * itemSize;
        if (in.remaining() != needed) {
            String items = name(b[2]) + (sampleSize == 1 ? "" : "s");
            throw new ArrayFormatException("header says " + count + " samples of " + shape(sampleDims) + " " + items
                    + " (" + needed + " bytes) but " + where + " has " + in.remaining() + " after its " + headerBytes
                    + "-byte header");
        }
        double[] values = new double[(int) (sampleSize * count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case 0x08 -> in.get() & 0xff;
                case 0x09 -> in.get();
                case 0x0B -> in.getShort();
                case 0x0C -> in.getInt();
                case 0x0D -> in.getFloat();
                default -> in.getDouble();
            };
        }
        return SampleArray.wrap(values, count, Shape.of(sampleDims));
    }

    /** Dimensions joined by x, as {@link Shape#toString()} (which needs a valid shape). */
    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d : dims) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s.toString();
    }

    private static String name(byte type) {
        return switch (type) {
            case 0x08 -> "ubyte";
            case 0x09 -> "byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> null;
        };
    }
}
