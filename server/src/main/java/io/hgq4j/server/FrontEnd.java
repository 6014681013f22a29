package io.hgq4j.server;

import io.netty.channel.socket.SocketChannel;

/** A protocol the server speaks on a port of its own: the Open Inference Protocol over HTTP, the binary protocol. */
public interface FrontEnd {

    /** Its name in logs and metrics ({@code http}, {@code binary}). */
    String name();

    /** The port it listens on under {@code config} (0: any free port; −1: not at all). */
    int port(ServerConfig config);

    /**
     * Adds its handlers to a new connection's pipeline, after the server's own (connection limit, idle timeout).
     * Handlers must never block: inference goes through {@link InferenceService#infer}, whose future completes on
     * the model's batcher thread.
     */
    void initChannel(SocketChannel channel, InferenceService service);
}
