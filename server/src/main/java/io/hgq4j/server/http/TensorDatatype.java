package io.hgq4j.server.http;

import io.netty.buffer.ByteBuf;

/**
 * The request datatypes the front end accepts, with their size in the binary tensor data extension and how a value
 * becomes the {@code double} the model takes. Integers must be exact in a {@code double} (|v| ≤ 2^53, or a value
 * that happens to be exact); unsigned 64-bit values from 2^63 up are refused. BOOL, FP16, BF16 and BYTES are not
 * accepted.
 */
enum TensorDatatype {
    FP32(4, 0, 0), FP64(8, 0, 0),
    INT8(1, Byte.MIN_VALUE, Byte.MAX_VALUE), INT16(2, Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(4, Integer.MIN_VALUE, Integer.MAX_VALUE), INT64(8, Long.MIN_VALUE, Long.MAX_VALUE),
    UINT8(1, 0, 0xFF), UINT16(2, 0, 0xFFFF), UINT32(4, 0, 0xFFFF_FFFFL), UINT64(8, 0, Long.MAX_VALUE);

    private final int bytes;
    private final long min;
    private final long max;

    TensorDatatype(int bytes, long min, long max) {
        this.bytes = bytes;
        this.min = min;
        this.max = max;
    }

    /** The datatype named {@code name}, or null if it is not one the front end takes. */
    static TensorDatatype parse(String name) {
        for (TensorDatatype t : values()) {
            if (t.name().equals(name)) { // names are upper case, as the protocol writes them
                return t;
            }
        }
        return null;
    }

    /** The bytes per value in binary tensor data. */
    int bytes() {
        return bytes;
    }

    /** Whether it is FP32 or FP64. */
    boolean floating() {
        return this == FP32 || this == FP64;
    }

    /** The smallest integer value (integer types only). */
    long min() {
        return min;
    }

    /** The largest integer value (integer types only; UINT64 stops at 2^63 − 1). */
    long max() {
        return max;
    }

    /**
     * Reads {@code count} little-endian values from {@code data} at {@code offset} into {@code out}.
     *
     * @return null, or why a value cannot be taken (naming it)
     */
    String read(ByteBuf data, int offset, int count, double[] out) {
        for (int i = 0; i < count; i++) {
            int at = offset + i * bytes;
            switch (this) {
                case FP32 -> out[i] = data.getFloatLE(at);
                case FP64 -> out[i] = data.getDoubleLE(at);
                case INT8 -> out[i] = data.getByte(at);
                case INT16 -> out[i] = data.getShortLE(at);
                case INT32 -> out[i] = data.getIntLE(at);
                case UINT8 -> out[i] = data.getUnsignedByte(at);
                case UINT16 -> out[i] = data.getUnsignedShortLE(at);
                case UINT32 -> out[i] = data.getUnsignedIntLE(at);
                case INT64, UINT64 -> {
                    long v = data.getLongLE(at);
                    if (this == UINT64 && v < 0) {
                        return "value " + i + " is " + Long.toUnsignedString(v)
                                + "; UINT64 values from 2^63 up are not supported";
                    }
                    if (!exact(v)) {
                        return "value " + i + " is " + v + ", which a double cannot hold exactly";
                    }
                    out[i] = v;
                }
                default -> throw new AssertionError(this);
            }
        }
        return null;
    }

    /** Whether {@code v} converts to a double and back unchanged. */
    static boolean exact(long v) {
        double d = v;
        return d != 0x1p63 && (long) d == v;
    }
}
