package io.hgq4j.server.http;

import io.hgq4j.server.FrontEnd;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ServerConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The Open Inference Protocol (KServe v2 REST) over HTTP/1.1 with keep-alive and pipelining, with Triton's binary
 * tensor data extension. Endpoints:
 * <ul>
 *   <li>{@code GET /v2/health/live}: 200 {@code {"live": true}}</li>
 *   <li>{@code GET /v2/health/ready}: 200 {@code {"ready": true}} when every model is ready, else 503</li>
 *   <li>{@code GET /v2}: {@code {"name": "hgq4j", "version", "extensions": ["binary_tensor_data"]}}</li>
 *   <li>{@code GET /v2/models/{name}[/versions/1]}: name, versions {@code ["1"]}, platform {@code hgq4j}, inputs
 *       and outputs as {@code {name, datatype, shape}}</li>
 *   <li>{@code GET /v2/models/{name}[/versions/1]/ready}: 200 {@code {"name", "ready": true}}, else 503</li>
 *   <li>{@code POST /v2/models/{name}[/versions/1]/infer}: inference (see {@link InferRequestParser} for what a
 *       request may hold; request parameter {@code timeout_us} sets its deadline)</li>
 *   <li>{@code GET /metrics}: the Prometheus text format</li>
 * </ul>
 * Errors are {@code {"error": "..."}}: 400 malformed request or invalid model name, 404 unknown path, model or
 * version, 405 wrong method (with {@code Allow}), 413 body over {@link ServerConfig#maxRequestBytes()}, 503 not
 * ready, overloaded or past the deadline, 500 device failure.
 */
public final class OipFrontEnd implements FrontEnd {

    @Override
    public String name() {
        return "http";
    }

    @Override
    public int port(ServerConfig config) {
        return config.httpPort();
    }

    @Override
    public void initChannel(SocketChannel channel, InferenceService service) {
        ChannelPipeline p = channel.pipeline();
        p.addLast("http-codec", new HttpServerCodec());
        p.addLast("http-aggregator", new OipAggregator(service.config().maxRequestBytes()));
        p.addLast("oip", new OipConnectionHandler(service));
    }
}
