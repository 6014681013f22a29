package io.hgq4j.server.binary;

import io.hgq4j.server.InferenceException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;

/**
 * Splits the byte stream into frames at their little-endian u32 length prefix (which it strips). A frame longer
 * than the limit is not buffered: when its first 10 bytes show version 1 it is skipped as it arrives and answered
 * with a {@link Messages.Rejected} of status {@code TOO_LARGE} carrying its request id, so the connection stays
 * usable; a length of 2³¹ or more, or an oversized frame of another version, means the stream cannot be trusted and
 * the connection is closed.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    private final int maxFrameBytes;
    private long discarding;
    private boolean broken;

    FrameDecoder(int maxFrameBytes) {
        // the base class counts the length field in the frame; the protocol's limit is on the payload
        super(ByteOrder.LITTLE_ENDIAN, (int) Math.min((long) maxFrameBytes + BinaryProtocol.LENGTH_FIELD_BYTES,
                Integer.MAX_VALUE), 0, BinaryProtocol.LENGTH_FIELD_BYTES, 0,
                BinaryProtocol.LENGTH_FIELD_BYTES, true);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        if (discarding > 0) {
            int skip = (int) Math.min(discarding, in.readableBytes());
            in.skipBytes(skip);
            discarding -= skip;
            return null;
        }
        if (in.readableBytes() < BinaryProtocol.LENGTH_FIELD_BYTES) {
            return null;
        }
        long length = in.getUnsignedIntLE(in.readerIndex());
        if (length <= maxFrameBytes) {
            return super.decode(ctx, in);
        }
        if (length > Integer.MAX_VALUE) {
            return garbage(ctx, in);
        }
        int start = in.readerIndex() + BinaryProtocol.LENGTH_FIELD_BYTES;
        if (in.readableBytes() < BinaryProtocol.LENGTH_FIELD_BYTES + BinaryProtocol.REQUEST_PREFIX_BYTES) {
            return null; // wait for the request id
        }
        if (in.getUnsignedByte(start) != BinaryProtocol.VERSION) {
            return garbage(ctx, in);
        }
        int type = in.getUnsignedByte(start + 1);
        long id = in.getLongLE(start + 2);
        discarding = length + BinaryProtocol.LENGTH_FIELD_BYTES;
        int skip = (int) Math.min(discarding, in.readableBytes());
        in.skipBytes(skip);
        discarding -= skip;
        return new Messages.Rejected(id, type, InferenceException.Status.TOO_LARGE, "frame of " + length
                + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
    }

    private Object garbage(ChannelHandlerContext ctx, ByteBuf in) {
        broken = true;
        in.skipBytes(in.readableBytes());
        ctx.close();
        return null;
    }
}
