package io.hgq4j.server.binary;

import io.hgq4j.server.FrontEnd;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ServerConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The binary protocol's front end: listens on {@link ServerConfig#binaryPort()} and speaks the protocol described in
 * the {@linkplain io.hgq4j.server.binary package documentation}. Pipeline, after the server's own handlers:
 * {@code flush} (consolidates flushes during a read burst), {@code frame} (length prefix, size limit),
 * {@code request} (field validation), {@code response} (encoding), {@code dispatch} (inference).
 */
public final class BinaryFrontEnd implements FrontEnd {

    /** {@code binary}. */
    @Override
    public String name() {
        return "binary";
    }

    /** {@link ServerConfig#binaryPort()}. */
    @Override
    public int port(ServerConfig config) {
        return config.binaryPort();
    }

    @Override
    public void initChannel(SocketChannel channel, InferenceService service) {
        ChannelPipeline p = channel.pipeline();
        p.addLast("flush", new FlushConsolidationHandler());
        p.addLast("frame", new FrameDecoder(service.config().maxRequestBytes()));
        p.addLast("request", new RequestDecoder(service));
        p.addLast("response", ResponseEncoder.INSTANCE);
        p.addLast("dispatch", new RequestHandler(service));
    }
}
