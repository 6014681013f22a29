package io.hgq4j.server.binary;

import io.hgq4j.server.InferenceException.Status;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ModelName;
import io.hgq4j.server.ServedModel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns one frame (length prefix stripped) into a {@link Messages.Request}: a valid {@link Messages.Infer} or
 * {@link Messages.Metadata}, or a {@link Messages.Rejected} naming the first field that is wrong. Every field is
 * checked, inputs are read straight from the frame into a {@code double[]}, and the frame is released by the base
 * class. A malformed frame never closes the connection: framing is intact, so the next frame is read as usual.
 */
final class RequestDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final InferenceService service;

    RequestDecoder(InferenceService service) {
        super(ByteBuf.class);
        this.service = service;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(frame));
    }

    /** Decodes one frame; leaves its reader index anywhere. */
    Messages.Request decode(ByteBuf frame) {
        int size = frame.readableBytes();
        if (size < BinaryProtocol.REQUEST_PREFIX_BYTES) {
            return bad(0, BinaryProtocol.TYPE_UNKNOWN, "frame of " + size + " bytes is shorter than the "
                    + BinaryProtocol.REQUEST_PREFIX_BYTES + "-byte request header");
        }
        int version = frame.readUnsignedByte();
        int type = frame.readUnsignedByte();
        long id = frame.readLongLE();
        if (version != BinaryProtocol.VERSION) {
            return bad(id, type, "protocol version " + version + " is not supported; this server speaks version "
                    + BinaryProtocol.VERSION);
        }
        if (type != BinaryProtocol.TYPE_INFER && type != BinaryProtocol.TYPE_METADATA) {
            return bad(id, BinaryProtocol.TYPE_UNKNOWN, "request type " + type + " is unknown; expected "
                    + BinaryProtocol.TYPE_INFER + " (infer) or " + BinaryProtocol.TYPE_METADATA + " (metadata)");
        }
        if (frame.readableBytes() < 2) {
            return bad(id, type, "frame ends before the model name length");
        }
        int nameBytes = frame.readUnsignedShortLE();
        if (nameBytes < 1 || nameBytes > BinaryProtocol.MAX_NAME_BYTES) {
            return bad(id, type, "model name of " + nameBytes + " bytes; expected 1 to "
                    + BinaryProtocol.MAX_NAME_BYTES);
        }
        if (frame.readableBytes() < nameBytes) {
            return bad(id, type, "frame ends inside the " + nameBytes + "-byte model name");
        }
        String name = frame.readCharSequence(nameBytes, StandardCharsets.UTF_8).toString();
        if (!ModelName.isValid(name)) {
            return bad(id, type, "model name is not valid (1-64 of letters, digits, '_', '.', '-', starting with a"
                    + " letter or digit, no '..')");
        }
        return type == BinaryProtocol.TYPE_METADATA ? metadata(frame, id, name) : infer(frame, id, name);
    }

    private Messages.Request metadata(ByteBuf frame, long id, String name) {
        if (frame.isReadable()) {
            return bad(id, BinaryProtocol.TYPE_METADATA, frame.readableBytes()
                    + " bytes after the model name; a metadata request ends there");
        }
        ServedModel model = service.model(name).orElse(null);
        if (model == null) {
            return notFound(id, BinaryProtocol.TYPE_METADATA, name);
        }
        return new Messages.Metadata(id, model);
    }

    private Messages.Request infer(ByteBuf frame, long id, String name) {
        int type = BinaryProtocol.TYPE_INFER;
        if (frame.readableBytes() < 9) {
            return bad(id, type, "frame ends before the datatype, sample count and deadline");
        }
        int dtype = frame.readUnsignedByte();
        long count = frame.readUnsignedIntLE();
        long deadlineMicros = frame.readUnsignedIntLE();
        int width = BinaryProtocol.width(dtype);
        if (width == 0) {
            return bad(id, type, "input datatype " + dtype + " is unknown; expected " + BinaryProtocol.DTYPE_FP32
                    + " (FP32) or " + BinaryProtocol.DTYPE_FP64 + " (FP64)");
        }
        if (count == 0) {
            return bad(id, type, "a request needs at least one sample; count is 0");
        }
        ServedModel model = service.model(name).orElse(null);
        if (model == null) {
            return notFound(id, type, name);
        }
        int perSample = model.codec().inputSize();
        long expected = count * perSample * width;
        if (frame.readableBytes() != expected) {
            return bad(id, type, frame.readableBytes() + " bytes of inputs; " + count + " samples of " + perSample
                    + " " + BinaryProtocol.datatypeName(dtype) + " values take " + expected + " bytes");
        }
        double[] inputs = new double[(int) (count * perSample)]; // expected fits the frame, so this fits an int
        if (dtype == BinaryProtocol.DTYPE_FP32) {
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = frame.readFloatLE();
            }
        } else {
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = frame.readDoubleLE();
            }
        }
        long deadline = 0; // the server default
        if (deadlineMicros != 0) {
            deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(deadlineMicros);
            deadline = deadline == 0 ? 1 : deadline;
        }
        return new Messages.Infer(id, name, inputs, (int) count, deadline);
    }

    private Messages.Rejected notFound(long id, int type, String name) {
        service.metrics().request(name, "binary", Status.NOT_FOUND.label());
        return new Messages.Rejected(id, type, Status.NOT_FOUND, "unknown model '" + name + "'; served: "
                + String.join(", ", service.models().stream().map(ServedModel::name).toList()));
    }

    private static Messages.Rejected bad(long id, int type, String message) {
        return new Messages.Rejected(id, type, Status.BAD_REQUEST, message);
    }
}
