package io.hgq4j.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's aggregator with the Open Inference Protocol's error body on a request over the size limit: instead of
 * answering at once with an empty 413, it hands an {@link OversizedRequest} on, so the 413 with
 * {@code {"error": ...}} is written in turn by {@link OipConnectionHandler}. The rest of such a body is discarded by
 * the aggregator; the connection stays open when the request allows keep-alive, and is closed otherwise. A client that
 * sent {@code Expect: 100-continue} with a length over the limit gets the same JSON 413 instead of the 100.
 */
final class OipAggregator extends HttpObjectAggregator {

    private final int limit;

    OipAggregator(int limit) {
        super(limit);
        this.limit = limit;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(new OversizedRequest(HttpUtil.isKeepAlive(oversized), limit));
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            r.release();
            FullHttpResponse tooLarge = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    HttpReply.text(pipeline.channel().alloc(), "{\"error\":" + Json.quote(tooLargeMessage(limit))
                            + "}"));
            tooLarge.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, tooLarge.content().readableBytes());
            return tooLarge;
        }
        return response;
    }

    /** The message of a 413. */
    static String tooLargeMessage(int limit) {
        return "request body larger than the limit of " + limit + " bytes";
    }
}
