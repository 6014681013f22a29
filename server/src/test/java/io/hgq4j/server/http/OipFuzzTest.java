package io.hgq4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.LeakWatch;
import io.hgq4j.server.ServedModel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and mutated infer bodies: always a 4xx (a mutation may stay valid: then 200), never a 5xx, a
 * hang or a crash, and the server serves normally afterwards.
 */
class OipFuzzTest {

    private static InferenceServer server;
    private static HttpClient client;
    private static ServedModel mlp;
    private static String valid;

    @BeforeAll
    static void start() throws Exception {
        LeakWatch.install();
        server = OipFixture.start();
        client = OipFixture.client();
        mlp = server.service().model("mlp").orElseThrow();
        int n = mlp.input().sampleSize();
        double[] values = new double[2 * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25 - 1;
        }
        valid = OipFixture.inferJson(mlp.input().name(), "FP32", List.of(2, n), values,
                ",\"id\":\"x\",\"outputs\":[{\"name\":\"" + mlp.output().name() + "\",\"parameters\":"
                        + "{\"binary_data\":false}}],\"parameters\":{\"timeout_us\":1000000}");
    }

    @AfterAll
    static void stop() {
        OipFixture.stop(server);
    }

    private static int post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(OipFixture.uri(server, "/v2/models/mlp/infer"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("status for %s", show(body)).isLessThan(500);
            if (r.statusCode() != 200) {
                assertThat(r.body()).as("body for %s", show(body)).startsWith("{\"error\":");
            }
            return r.statusCode();
        } catch (Exception e) {
            throw new AssertionError("request failed for " + show(body), e);
        }
    }

    private static String show(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    @Test
    void validBodyWorks() {
        assertThat(post(valid.getBytes(StandardCharsets.UTF_8), Map.of())).isEqualTo(200);
    }

    @Test
    void everyTruncationIs400() {
        byte[] full = valid.getBytes(StandardCharsets.UTF_8);
        for (int length = 0; length < full.length - 1; length++) {
            byte[] cut = java.util.Arrays.copyOf(full, length);
            assertThat(post(cut, Map.of())).as("truncated to %d", length).isEqualTo(400);
        }
    }

    @Test
    void randomAndMutatedBodiesAreNever5xx() {
        Random random = new Random(8);
        byte[] full = valid.getBytes(StandardCharsets.UTF_8);
        String alphabet = "{}[]\",:0123456789.-+eE truefalsnul\\u";
        int ok = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] body;
            switch (i % 4) {
                case 0 -> { // random bytes
                    body = new byte[random.nextInt(200)];
                    random.nextBytes(body);
                }
                case 1 -> { // random JSON-ish text
                    StringBuilder b = new StringBuilder();
                    for (int k = random.nextInt(120); k > 0; k--) {
                        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    body = b.toString().getBytes(StandardCharsets.UTF_8);
                }
                case 2 -> { // the valid body with a few bytes changed
                    body = full.clone();
                    for (int k = 1 + random.nextInt(3); k > 0; k--) {
                        body[random.nextInt(body.length)] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                    }
                }
                default -> { // the valid body with a piece cut out
                    int from = random.nextInt(full.length);
                    int to = Math.min(full.length, from + 1 + random.nextInt(20));
                    body = new byte[full.length - (to - from)];
                    System.arraycopy(full, 0, body, 0, from);
                    System.arraycopy(full, to, body, from, full.length - to);
                }
            }
            Map<String, String> headers = i % 10 == 9
                    ? Map.of("Inference-Header-Content-Length", Integer.toString(random.nextInt(body.length + 2)))
                    : Map.of();
            if (post(body, headers) == 200) {
                ok++;
            }
        }
        assertThat(ok).as("mutations that stayed valid").isLessThan(1500);
        assertThat(post(full, Map.of())).as("still serving").isEqualTo(200);
    }
}
