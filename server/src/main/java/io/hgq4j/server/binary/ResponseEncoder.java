package io.hgq4j.server.binary;

import io.hgq4j.server.InferenceResult;
import io.hgq4j.server.ServedModel;
import io.hgq4j.server.TensorSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Messages.Response} as one frame, length prefix included, into a buffer of exactly its size from
 * the channel's allocator (pooled). Runs on the connection's event loop, so output values are converted there and
 * not on the model's batcher thread.
 */
@ChannelHandler.Sharable
final class ResponseEncoder extends MessageToByteEncoder<Messages.Response> {

    static final ResponseEncoder INSTANCE = new ResponseEncoder();

    private ResponseEncoder() {
        super(Messages.Response.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Messages.Response msg, boolean preferDirect) {
        int size = BinaryProtocol.LENGTH_FIELD_BYTES + payloadSize(msg);
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Messages.Response msg, ByteBuf out) {
        int lengthAt = out.writerIndex();
        out.writeIntLE(0); // patched below
        if (msg instanceof Messages.InferOk ok) {
            inferOk(ok, out);
        } else if (msg instanceof Messages.MetadataOk ok) {
            metadataOk(ok, out);
        } else {
            failed((Messages.Failed) msg, out);
        }
        out.setIntLE(lengthAt, out.writerIndex() - lengthAt - BinaryProtocol.LENGTH_FIELD_BYTES);
    }

    private static int payloadSize(Messages.Response msg) {
        if (msg instanceof Messages.InferOk ok) {
            ServedModel model = ok.result().model();
            int dtype = BinaryProtocol.dtype(model.output().datatype());
            return BinaryProtocol.RESPONSE_HEADER_BYTES + 1 + 4 + 4
                    + ok.result().count() * model.codec().outputSize() * BinaryProtocol.width(dtype);
        }
        if (msg instanceof Messages.MetadataOk ok) {
            return BinaryProtocol.RESPONSE_HEADER_BYTES + tensorSize(ok.model().input())
                    + tensorSize(ok.model().output());
        }
        Messages.Failed failed = (Messages.Failed) msg;
        return BinaryProtocol.RESPONSE_HEADER_BYTES + 2
                + Math.min(ByteBufUtil.utf8MaxBytes(failed.message()), BinaryProtocol.MAX_MESSAGE_BYTES);
    }

    private static void header(ByteBuf out, int type, int status, long id) {
        out.writeByte(BinaryProtocol.VERSION);
        out.writeByte(type);
        out.writeByte(status);
        out.writeLongLE(id);
    }

    private static void inferOk(Messages.InferOk ok, ByteBuf out) {
        InferenceResult result = ok.result();
        ServedModel model = result.model();
        int perSample = model.codec().outputSize();
        int dtype = BinaryProtocol.dtype(model.output().datatype());
        header(out, BinaryProtocol.TYPE_INFER, BinaryProtocol.STATUS_OK, ok.id());
        out.writeByte(dtype);
        out.writeIntLE(result.count());
        out.writeIntLE(perSample);
        int n = result.count() * perSample;
        if (dtype == BinaryProtocol.DTYPE_FP32) {
            for (int i = 0; i < n; i++) {
                out.writeFloatLE((float) result.value(i)); // exact: FP32 outputs have at most 24 significant bits
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.writeDoubleLE(result.value(i));
            }
        }
    }

    private static int tensorSize(TensorSpec spec) {
        return 4 + 1 + 1 + 4 * (spec.shape().size() - 1);
    }

    private static void tensor(ByteBuf out, TensorSpec spec) {
        out.writeIntLE(spec.sampleSize());
        out.writeByte(BinaryProtocol.dtype(spec.datatype()));
        out.writeByte(spec.shape().size() - 1);
        for (int d = 1; d < spec.shape().size(); d++) {
            out.writeIntLE(spec.shape().get(d));
        }
    }

    private static void metadataOk(Messages.MetadataOk ok, ByteBuf out) {
        header(out, BinaryProtocol.TYPE_METADATA, BinaryProtocol.STATUS_OK, ok.id());
        tensor(out, ok.model().input());
        tensor(out, ok.model().output());
    }

    private static void failed(Messages.Failed failed, ByteBuf out) {
        header(out, failed.type(), failed.status().code(), failed.id());
        int lengthAt = out.writerIndex();
        out.writeShortLE(0); // patched below
        String message = failed.message();
        if (ByteBufUtil.utf8MaxBytes(message) > BinaryProtocol.MAX_MESSAGE_BYTES) {
            message = message.substring(0, BinaryProtocol.MAX_MESSAGE_BYTES / 3 - 3) + "...";
        }
        int written = out.writeCharSequence(message, StandardCharsets.UTF_8);
        out.setShortLE(lengthAt, written);
    }
}
