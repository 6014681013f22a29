package io.hgq4j.benchmarks.serving;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;

/** Encodes an HTTP request once into bytes, so that the load clients send pre-encoded requests. */
final class HttpEncoding {

    private HttpEncoding() {
    }

    static ByteBuf encode(FullHttpRequest request) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestEncoder());
        channel.writeOutbound(request);
        ByteBuf all = Unpooled.directBuffer();
        for (Object part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
            ByteBuf b = (ByteBuf) part;
            all.writeBytes(b);
            b.release();
        }
        channel.finishAndReleaseAll();
        return all;
    }
}
