package io.hgq4j.server.http;

import io.hgq4j.server.InferenceService;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's requests, answered one at a time and in order (HTTP/1.1 pipelining): while a request is in
 * flight the connection stops reading from the socket ({@code autoRead} off), and requests already decoded wait in a
 * queue; the next starts when the previous response has been written. Every response gets {@code Content-Length}
 * and the keep-alive decision of its request; a request that cannot be decoded is answered 400 and the connection
 * closed. All state is touched on the channel's event loop only.
 */
final class OipConnectionHandler extends ChannelInboundHandlerAdapter {

    private final OipRouter router;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean closing;

    OipConnectionHandler(InferenceService service) {
        this.router = new OipRouter(service);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest) && !(msg instanceof OversizedRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        waiting.add(msg);
        if (!busy) {
            next(ctx);
        }
    }

    /** Starts the next waiting request, or resumes reading when none waits. */
    private void next(ChannelHandlerContext ctx) {
        Object msg = waiting.poll();
        if (msg == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        if (msg instanceof OversizedRequest o) {
            respond(ctx, HttpReply.error(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    OipAggregator.tooLargeMessage(o.limit())), HttpVersion.HTTP_1_1, o.keepAlive());
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        HttpVersion version = request.protocolVersion();
        CompletableFuture<HttpReply> reply;
        boolean keepAlive;
        try {
            if (!request.decoderResult().isSuccess()) {
                Throwable cause = request.decoderResult().cause();
                String why = cause == null || cause.getMessage() == null ? "malformed HTTP request"
                        : "malformed HTTP request: " + cause.getMessage();
                respond(ctx, HttpReply.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                        why.length() > 200 ? why.substring(0, 200) + "..." : why), HttpVersion.HTTP_1_1, false);
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(request);
            reply = router.route(request, ctx.alloc());
        } catch (RuntimeException e) {
            respond(ctx, HttpReply.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error: " + e), version, false);
            return;
        } finally {
            request.release();
        }
        boolean keep = keepAlive;
        reply.whenComplete((r, error) -> {
            HttpReply answer = r != null ? r : HttpReply.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error: " + error);
            if (ctx.executor().inEventLoop()) {
                respond(ctx, answer, version, keep);
            } else {
                try {
                    ctx.executor().execute(() -> respond(ctx, answer, version, keep));
                } catch (RejectedExecutionException e) {
                    answer.body().release(); // the event loop has shut down; so has the connection
                }
            }
        });
    }

    /** Writes {@code reply}; when written, closes the connection or starts the next request. */
    private void respond(ChannelHandlerContext ctx, HttpReply reply, HttpVersion version, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, reply.status(), reply.body());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().readableBytes());
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        if (!keepAlive) {
            closing = true;
            releaseWaiting();
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close();
                return;
            }
            busy = false;
            if (closing) {
                return;
            }
            if (waiting.isEmpty()) {
                ctx.channel().config().setAutoRead(true);
            } else {
                // a separate task, so that a long run of pipelined requests answered at once does not recurse
                ctx.executor().execute(() -> {
                    if (!busy && !closing) {
                        next(ctx);
                    }
                });
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset connection or a protocol error below us: nothing to answer on
        ctx.close();
    }

    private void releaseWaiting() {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
