package io.hgq4j.model.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An array decoded from a {@code .npy} file by {@link Npy#read}: its dtype, its shape and its elements, which the
 * caller takes either as exact integers ({@link #toLongs()}) or as doubles ({@link #toDoubles()}). Both conversions
 * are exact or fail: an integer array refuses nothing but values beyond {@code int64}, a float array refuses
 * {@code toLongs}, and {@code toDoubles} refuses integers a double cannot hold (beyond 2^53 and not representable).
 * Elements come out in row-major (C) order whatever the file's order and byte order.
 *
 * <p>The array reads its elements from the bytes given to {@link Npy#read} without copying them; do not change
 * those bytes while using it.
 */
public final class NpyArray {

    /** What kind of number an element is. */
    public enum Kind {
        /** {@code b1}: NumPy's bool, one byte holding 0 or 1. */
        BOOL('b'),
        /** {@code i1 i2 i4 i8}: two's-complement integers. */
        SIGNED('i'),
        /** {@code u1 u2 u4 u8}: unsigned integers. */
        UNSIGNED('u'),
        /** {@code f4 f8}: IEEE-754 binary32 / binary64. */
        FLOAT('f');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        /** The dtype letter: b, i, u or f. */
        public char code() {
            return code;
        }
    }

    private final Kind kind;
    private final int itemSize;
    private final ByteOrder order;
    private final boolean fortranOrder;
    private final int[] shape;
    private final int size;
    private final ByteBuffer data;

    NpyArray(Kind kind, int itemSize, ByteOrder order, boolean fortranOrder, int[] shape, int size, ByteBuffer data) {
        this.kind = kind;
        this.itemSize = itemSize;
        this.order = order;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.size = size;
        this.data = data.slice().order(order);
    }

    /** The kind of element. */
    public Kind kind() {
        return kind;
    }

    /** Bytes per element: 1, 2, 4 or 8. */
    public int itemSize() {
        return itemSize;
    }

    /** The dtype as NumPy spells it, with an explicit byte order: {@code <f8}, {@code >i4}, {@code |u1}, {@code |b1}. */
    public String dtype() {
        char byteOrder = itemSize == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return "" + byteOrder + kind.code + itemSize;
    }

    /** Whether the elements are integers ({@code i*} or {@code u*}; a bool array is not). */
    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    /** Whether the file stored the elements in column-major (Fortran) order; the accessors return C order anyway. */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** A copy of the shape; empty for a 0-d array (which holds one element). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /**
     * The elements as exact integers in C order (a bool is 0 or 1).
     *
     * @throws ArrayFormatException for a float array, or a {@code u8} element beyond {@code Long.MAX_VALUE}
     */
    public long[] toLongs() {
        if (kind == Kind.FLOAT) {
            throw new ArrayFormatException("dtype " + dtype() + " holds floating-point numbers; expected integers");
        }
        long[] out = new long[size];
        Cursor c = new Cursor();
        for (int i = 0; i < size; i++) {
            long v = raw(c.next());
            if (kind == Kind.UNSIGNED && itemSize == 8 && v < 0) {
                throw new ArrayFormatException("element " + i + " is " + Long.toUnsignedString(v) + ", beyond the int64 range");
            }
            out[i] = v;
        }
        return out;
    }

    /**
     * The elements as doubles in C order, each exactly the stored number (a bool is 0.0 or 1.0; f4 widens exactly;
     * NaN and infinities pass through).
     *
     * @throws ArrayFormatException for an integer element a double cannot represent exactly
     */
    public double[] toDoubles() {
        double[] out = new double[size];
        Cursor c = new Cursor();
        for (int i = 0; i < size; i++) {
            int at = c.next();
            if (kind == Kind.FLOAT) {
                out[i] = itemSize == 4 ? Float.intBitsToFloat(data.getInt(at * 4)) : Double.longBitsToDouble(data.getLong(at * 8));
                continue;
            }
            long v = raw(at);
            if (kind == Kind.UNSIGNED && itemSize == 8 && v < 0) {
                // 2^63 <= value < 2^64: exact iff at most 53 significant bits, i.e. the low 11 bits are zero
                if ((v & 0x7ff) != 0) {
                    throw notExact(i, Long.toUnsignedString(v));
                }
                out[i] = (double) (v >>> 11) * 0x1p11;
            } else {
                if (!exact(v)) {
                    throw notExact(i, Long.toString(v));
                }
                out[i] = v;
            }
        }
        return out;
    }

    /** Whether a double holds {@code v} exactly: at most 53 bits from its highest to its lowest set bit. */
    private static boolean exact(long v) {
        if (v == Long.MIN_VALUE) {
            return true;
        }
        long a = Math.abs(v);
        return a == 0 || 64 - Long.numberOfLeadingZeros(a) - Long.numberOfTrailingZeros(a) <= 53;
    }

    private static ArrayFormatException notExact(int element, String value) {
        return new ArrayFormatException("element " + element + " is " + value
                + ", which a double cannot hold exactly (it would round)");
    }

    /** The integer (bit pattern for u8) of the element at storage index {@code at}. */
    private long raw(int at) {
        return switch (itemSize) {
            case 1 -> {
                byte b = data.get(at);
                if (kind == Kind.BOOL && b != 0 && b != 1) {
                    throw new ArrayFormatException("element at byte " + at + " of the data is " + (b & 0xff)
                            + "; a b1 (bool) element is 0 or 1");
                }
                yield kind == Kind.SIGNED ? b : b & 0xffL;
            }
            case 2 -> kind == Kind.SIGNED ? data.getShort(at * 2) : data.getShort(at * 2) & 0xffffL;
            case 4 -> kind == Kind.SIGNED ? data.getInt(at * 4) : data.getInt(at * 4) & 0xffffffffL;
            default -> data.getLong(at * 8);
        };
    }

    /** Walks the storage indices in C order: the identity for C-ordered data, a column-major walk otherwise. */
    private final class Cursor {
        private final int[] index = new int[shape.length];
        private final long[] stride = new long[shape.length];
        private long offset;
        private boolean started;

        Cursor() {
            long s = 1;
            for (int axis = 0; axis < shape.length; axis++) {
                stride[axis] = s;
                s *= shape[axis];
            }
        }

        int next() {
            if (!fortranOrder || shape.length < 2) {
                return (int) offset++;
            }
            if (!started) {
                started = true;
                return 0;
            }
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    offset += stride[axis];
                    break;
                }
                index[axis] = 0;
                offset -= stride[axis] * (shape[axis] - 1);
            }
            return (int) offset;
        }
    }
}
