package io.hgq4j.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an endpoint answers, before the connection turns it into an HTTP response (adding {@code Content-Length} and
 * the keep-alive headers). The reply owns {@code body}: whoever takes it writes or releases it.
 *
 * @param status      the status
 * @param contentType the body's content type
 * @param body        the body
 * @param headers     extra headers ({@code Inference-Header-Content-Length}, {@code Allow})
 */
record HttpReply(HttpResponseStatus status, String contentType, ByteBuf body, Map<String, String> headers) {

    /** A JSON reply. */
    static HttpReply json(HttpResponseStatus status, ByteBuf body) {
        return new HttpReply(status, HttpHeaderValues.APPLICATION_JSON.toString(), body, Map.of());
    }

    /** {@code {"error": message}} with {@code status}. */
    static HttpReply error(ByteBufAllocator alloc, int status, String message) {
        return error(alloc, HttpResponseStatus.valueOf(status), message);
    }

    /** {@code {"error": message}} with {@code status}. */
    static HttpReply error(ByteBufAllocator alloc, HttpResponseStatus status, String message) {
        return json(status, text(alloc, "{\"error\":" + Json.quote(message) + "}"));
    }

    /** A reply with extra headers. */
    HttpReply with(String header, String value) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put(header, value);
        return new HttpReply(status, contentType, body, Map.copyOf(all));
    }

    /** {@code text} as UTF-8 in a new buffer. */
    static ByteBuf text(ByteBufAllocator alloc, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }
}
