package io.hgq4j.server.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Request frames built by hand (length prefix included), valid or broken on purpose. */
final class Frames {

    private Frames() {
    }

    /** An INFER frame of FP32 values. */
    static byte[] infer(int version, int type, long id, String model, int count, float[] values) {
        return inferRaw(version, type, id, model.getBytes(StandardCharsets.UTF_8), BinaryProtocol.DTYPE_FP32, count,
                0, values.length * 4, b -> {
                    for (float v : values) {
                        b.putFloat(v);
                    }
                });
    }

    /** A valid INFER frame of FP32 values. */
    static byte[] infer(long id, String model, int count, float[] values) {
        return infer(BinaryProtocol.VERSION, BinaryProtocol.TYPE_INFER, id, model, count, values);
    }

    /** An INFER frame of FP64 values. */
    static byte[] inferFp64(long id, String model, int count, double[] values) {
        return inferRaw(1, 1, id, model.getBytes(StandardCharsets.UTF_8), BinaryProtocol.DTYPE_FP64, count, 0,
                values.length * 8, b -> {
                    for (double v : values) {
                        b.putDouble(v);
                    }
                });
    }

    /** An INFER frame with every field chosen. */
    static byte[] inferRaw(int version, int type, long id, byte[] name, int dtype, int count, int deadlineMicros,
                           int valueBytes, java.util.function.Consumer<ByteBuffer> values) {
        int payload = 10 + 2 + name.length + 9 + valueBytes;
        ByteBuffer b = ByteBuffer.allocate(4 + payload).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(payload).put((byte) version).put((byte) type).putLong(id).putShort((short) name.length).put(name)
                .put((byte) dtype).putInt(count).putInt(deadlineMicros);
        values.accept(b);
        return b.array();
    }

    /** A METADATA frame. */
    static byte[] metadata(long id, String model) {
        byte[] name = model.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(12 + name.length).put((byte) 1).put((byte) 2).putLong(id).putShort((short) name.length).put(name);
        return b.array();
    }

    /** {@code frame} with {@code extra} bytes appended to its payload (length prefix adjusted). */
    static byte[] withTrailing(byte[] frame, int extra) {
        ByteBuffer b = ByteBuffer.allocate(frame.length + extra).order(ByteOrder.LITTLE_ENDIAN);
        b.put(frame);
        b.putInt(0, frame.length - 4 + extra);
        return b.array();
    }

    /** A frame of the given payload. */
    static byte[] frame(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(payload.length).put(payload).array();
    }
}
