package io.hgq4j.server.binary;

import io.hgq4j.server.InferenceException;
import io.hgq4j.server.InferenceService;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.CompletionException;

/**
 * Answers decoded requests: metadata and rejections at once, inference through {@link InferenceService#infer},
 * writing the answer from the future's callback (on the batcher thread; Netty hands the write to the event loop),
 * so the event loop never waits. Many requests may be in flight on one connection; answers go out in the order
 * they complete. While the connection's outbound buffer is over its high water mark it stops reading, so a client
 * that does not read its answers is pushed back through TCP.
 */
final class RequestHandler extends SimpleChannelInboundHandler<Messages.Request> {

    private static final String PROTOCOL = "binary";

    private final InferenceService service;

    RequestHandler(InferenceService service) {
        super(Messages.Request.class);
        this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Messages.Request request) {
        if (request instanceof Messages.Infer infer) {
            Channel channel = ctx.channel();
            service.infer(infer.model(), infer.inputs(), infer.count(), infer.deadline(), PROTOCOL)
                    .whenComplete((result, error) -> channel.writeAndFlush(result != null
                            ? new Messages.InferOk(infer.id(), result) : failure(infer.id(), error)));
        } else if (request instanceof Messages.Metadata metadata) {
            ctx.write(new Messages.MetadataOk(metadata.id(), metadata.model()));
        } else {
            Messages.Rejected rejected = (Messages.Rejected) request;
            ctx.write(new Messages.Failed(rejected.id(), rejected.type(), rejected.status(), rejected.message()));
        }
    }

    private static Messages.Failed failure(long id, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof InferenceException e) {
            return new Messages.Failed(id, BinaryProtocol.TYPE_INFER, e.status(), e.getMessage());
        }
        return new Messages.Failed(id, BinaryProtocol.TYPE_INFER, InferenceException.Status.DEVICE_ERROR,
                "inference failed: " + cause);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // the answers written while reading (metadata, rejections), in one go
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // an I/O error, or a bug in decoding: the stream cannot be trusted any more
    }
}
