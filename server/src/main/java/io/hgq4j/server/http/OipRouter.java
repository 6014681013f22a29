package io.hgq4j.server.http;

import io.hgq4j.server.InferenceException;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ModelName;
import io.hgq4j.server.ServedModel;
import io.hgq4j.server.TensorSpec;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol endpoints. Runs on the event loop and never blocks: everything but inference is
 * answered at once; inference answers when the model's batcher completes the future (the response is then built on
 * the batcher's thread).
 */
final class OipRouter {

    /** The only model version: every model is served as version 1. */
    static final String VERSION = "1";

    /** The protocol label in the metrics. */
    static final String PROTOCOL = "http";

    private static final String SERVER_VERSION = Optional.ofNullable(
            OipRouter.class.getPackage().getImplementationVersion()).orElse("development");

    private final InferenceService service;

    OipRouter(InferenceService service) {
        this.service = service;
    }

    /** The reply to {@code request}; the request is only read during this call (the caller releases it). */
    CompletableFuture<HttpReply> route(FullHttpRequest request, ByteBufAllocator alloc) {
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            return done(HttpReply.error(alloc, HttpResponseStatus.BAD_REQUEST, "malformed request path"));
        }
        List<String> parts = List.of(path.split("/", -1));
        HttpMethod method = request.method();
        try {
            if (path.equals("/metrics")) {
                return done(get(method, alloc, () -> metrics(alloc)));
            }
            if (parts.size() < 2 || !parts.get(0).isEmpty() || !parts.get(1).equals("v2")) {
                return done(notFound(alloc));
            }
            if (parts.size() == 2) {
                return done(get(method, alloc, () -> serverMetadata(alloc)));
            }
            if (parts.size() == 4 && parts.get(2).equals("health")) {
                return switch (parts.get(3)) {
                    case "live" -> done(get(method, alloc, () -> flag(alloc, "live", service.live())));
                    case "ready" -> done(get(method, alloc, () -> flag(alloc, "ready", service.ready())));
                    default -> done(notFound(alloc));
                };
            }
            if (parts.size() >= 4 && parts.get(2).equals("models")) {
                return model(request, alloc, parts.subList(3, parts.size()));
            }
            return done(notFound(alloc));
        } catch (InferenceException e) {
            return done(HttpReply.error(alloc, e.status().http(), e.getMessage()));
        }
    }

    /** {@code {name}[/versions/{v}][/ready|/infer]}. */
    private CompletableFuture<HttpReply> model(FullHttpRequest request, ByteBufAllocator alloc, List<String> rest) {
        String name = rest.get(0);
        List<String> tail = rest.subList(1, rest.size());
        String version = null;
        if (tail.size() >= 2 && tail.get(0).equals("versions")) {
            version = tail.get(1);
            tail = tail.subList(2, tail.size());
        }
        String action = tail.isEmpty() ? "" : tail.get(0);
        if (tail.size() > 1 || !(action.isEmpty() || action.equals("ready") || action.equals("infer"))) {
            return done(notFound(alloc));
        }
        if (!ModelName.isValid(name)) {
            return done(HttpReply.error(alloc, HttpResponseStatus.BAD_REQUEST, "invalid model name in the path (a"
                    + " model name is 1-64 of letters, digits, '_', '.', '-', starting with a letter or digit)"));
        }
        ServedModel model = service.model(name).orElse(null);
        if (model == null) {
            return done(HttpReply.error(alloc, HttpResponseStatus.NOT_FOUND, "unknown model '" + name + "'"));
        }
        if (version != null && !version.equals(VERSION)) {
            return done(HttpReply.error(alloc, HttpResponseStatus.NOT_FOUND, "model '" + name + "' has no such"
                    + " version; its only version is " + VERSION));
        }
        HttpMethod method = request.method();
        return switch (action) {
            case "" -> done(get(method, alloc, () -> modelMetadata(alloc, model)));
            case "ready" -> done(get(method, alloc, () -> {
                boolean ready = model.ready();
                return HttpReply.json(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        HttpReply.text(alloc, "{\"name\":" + Json.quote(name) + ",\"ready\":" + ready + "}"));
            }));
            default -> method.equals(HttpMethod.POST) ? infer(request, alloc, model)
                    : done(notAllowed(alloc, "POST"));
        };
    }

    private CompletableFuture<HttpReply> infer(FullHttpRequest request, ByteBufAllocator alloc, ServedModel model) {
        InferRequest parsed;
        try {
            parsed = InferRequestParser.parse(model, request.content(), headerLength(request));
        } catch (InferenceException e) {
            service.metrics().request(model.name(), PROTOCOL, e.status().label());
            return done(HttpReply.error(alloc, e.status().http(), e.getMessage()));
        }
        long deadline = 0;
        if (parsed.timeoutMicros() > 0) {
            long micros = Math.min(parsed.timeoutMicros(), 3_600_000_000L); // at most an hour
            deadline = System.nanoTime() + micros * 1000;
            if (deadline == 0) {
                deadline = 1; // 0 means "the default"
            }
        }
        return service.infer(model.name(), parsed.inputs(), parsed.count(), deadline, PROTOCOL)
                .handle((result, error) -> {
                    if (error == null) {
                        return InferResponseWriter.write(alloc, model, parsed, result);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof InferenceException e) {
                        return HttpReply.error(alloc, e.status().http(), e.getMessage());
                    }
                    return HttpReply.error(alloc, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "internal error: " + cause);
                });
    }

    /** The {@code Inference-Header-Content-Length} header, or −1 when absent. */
    private static int headerLength(FullHttpRequest request) {
        String value = request.headers().get(InferResponseWriter.HEADER_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw InferRequestParser.bad(InferResponseWriter.HEADER_LENGTH + " must be a byte count (0 or more)");
        }
    }

    private HttpReply serverMetadata(ByteBufAllocator alloc) {
        return HttpReply.json(HttpResponseStatus.OK, HttpReply.text(alloc, "{\"name\":\"hgq4j\",\"version\":"
                + Json.quote(SERVER_VERSION) + ",\"extensions\":[\"binary_tensor_data\"]}"));
    }

    private HttpReply modelMetadata(ByteBufAllocator alloc, ServedModel model) {
        String json = "{\"name\":" + Json.quote(model.name()) + ",\"versions\":[\"" + VERSION + "\"],"
                + "\"platform\":\"hgq4j\",\"inputs\":[" + tensor(model.input()) + "],\"outputs\":["
                + tensor(model.output()) + "]}";
        return HttpReply.json(HttpResponseStatus.OK, HttpReply.text(alloc, json));
    }

    private static String tensor(TensorSpec spec) {
        StringBuilder shape = new StringBuilder();
        for (int d : spec.shape()) {
            shape.append(shape.length() == 0 ? "" : ",").append(d);
        }
        return "{\"name\":" + Json.quote(spec.name()) + ",\"datatype\":" + Json.quote(spec.datatype())
                + ",\"shape\":[" + shape + "]}";
    }

    private static HttpReply flag(ByteBufAllocator alloc, String name, boolean value) {
        return HttpReply.json(value ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                HttpReply.text(alloc, "{\"" + name + "\":" + value + "}"));
    }

    private HttpReply metrics(ByteBufAllocator alloc) {
        byte[] text = service.metrics().scrape();
        return new HttpReply(HttpResponseStatus.OK, service.metrics().contentType(),
                alloc.buffer(text.length).writeBytes(text), Map.of());
    }

    private static HttpReply get(HttpMethod method, ByteBufAllocator alloc, Supplier<HttpReply> reply) {
        return method.equals(HttpMethod.GET) ? reply.get() : notAllowed(alloc, "GET");
    }

    private static HttpReply notAllowed(ByteBufAllocator alloc, String allowed) {
        return HttpReply.error(alloc, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed here; use "
                + allowed).with("Allow", allowed);
    }

    /** 404 for a path that is no endpoint; the path is not echoed (it may be anything a client sent). */
    private static HttpReply notFound(ByteBufAllocator alloc) {
        return HttpReply.error(alloc, HttpResponseStatus.NOT_FOUND, "no such endpoint; see /v2,"
                + " /v2/health/{live,ready}, /v2/models/{name}[/ready|/infer], /metrics");
    }

    private static CompletableFuture<HttpReply> done(HttpReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
