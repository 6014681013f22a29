package io.hgq4j.server.http;

import io.hgq4j.model.testing.RandomModels;
import io.hgq4j.runtime.Builds;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.LeakWatch;
import io.hgq4j.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A model repository with the jet tagger ({@code jet}) and a small random MLP ({@code mlp}), compiled once per test
 * JVM, and an HTTP front end over it; plus request helpers.
 */
final class OipFixture {

    /** The request size limit of the test server: 1 MiB. */
    static final int LIMIT = 1 << 20;

    private static Path repository;

    private OipFixture() {
    }

    /** The repository (built on first use). */
    static synchronized Path repository() throws IOException {
        if (repository == null) {
            Path dir = Files.createTempDirectory("hgq4j-oip-repo");
            Builds.compile(Builds.jet(), "pynq-z2", 64, dir.resolve("jet"));
            Builds.compile(RandomModels.model(RandomModels.RECIPES.indexOf("mlp"), 7), "pynq-z2", 64,
                    dir.resolve("mlp"));
            repository = dir;
        }
        return repository;
    }

    /** The settings of the test servers. */
    static ServerConfig config() {
        return ServerConfig.defaults().withPorts(0, -1).withLimits(LIMIT, 64, Duration.ofSeconds(30),
                Duration.ofSeconds(5));
    }

    /** A service over the repository and an HTTP front end over it, on a free port. */
    /** Closes {@code server} (if it started), then fails if Netty reported a leaked buffer. */
    static void stop(InferenceServer server) {
        if (server != null) {
            server.close();
        }
        try {
            LeakWatch.assertNoLeaks();
        } finally {
            LeakWatch.uninstall();
        }
    }

    static InferenceServer start() throws IOException {
        InferenceService service = InferenceService.load(repository(), config(), line -> { });
        if (service.models().size() != 2) {
            throw new IllegalStateException("expected 2 models, got " + service.skipped());
        }
        return InferenceServer.start(service, List.of(new OipFrontEnd()), line -> { });
    }

    /** A client with a short connect timeout. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static URI uri(InferenceServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port("http") + path);
    }

    static HttpResponse<String> get(HttpClient client, InferenceServer server, String path) {
        return send(client, HttpRequest.newBuilder(uri(server, path)).GET().timeout(Duration.ofSeconds(20)).build());
    }

    static HttpResponse<String> post(HttpClient client, InferenceServer server, String path, String json) {
        return send(client, HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<byte[]> postBytes(HttpClient client, InferenceServer server, String path, byte[] body,
                                          Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An infer request body: one input tensor of {@code count} samples, flat data, written exactly. */
    static String inferJson(String input, String datatype, List<Integer> shape, double[] values, String extra) {
        StringBuilder b = new StringBuilder("{\"inputs\":[{\"name\":\"").append(input).append("\",\"datatype\":\"")
                .append(datatype).append("\",\"shape\":").append(shape.toString().replace(" ", ""))
                .append(",\"data\":[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            double v = values[i];
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                b.append((long) v);
            } else {
                b.append(v);
            }
        }
        b.append("]}]").append(extra).append('}');
        return b.toString();
    }
}
