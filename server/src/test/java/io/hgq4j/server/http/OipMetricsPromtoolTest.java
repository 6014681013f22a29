package io.hgq4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.LeakWatch;
import io.hgq4j.server.ServedModel;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} after some traffic passes {@code promtool check metrics} (Debian package {@code prometheus};
 * test.sh installs it). The test fails when promtool is missing.
 */
class OipMetricsPromtoolTest {

    private static InferenceServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        LeakWatch.install();
        server = OipFixture.start();
        client = OipFixture.client();
    }

    @AfterAll
    static void stop() {
        OipFixture.stop(server);
    }

    @Test
    void metricsPassPromtool() throws Exception {
        ServedModel jet = server.service().model("jet").orElseThrow();
        int n = jet.input().sampleSize();
        for (int count : new int[] {1, 5, 70}) {
            assertThat(OipFixture.post(client, server, "/v2/models/jet/infer", OipFixture.inferJson(
                    jet.input().name(), "FP32", List.of(count, n), new double[count * n], "")).statusCode())
                    .isEqualTo(200);
        }
        assertThat(OipFixture.post(client, server, "/v2/models/jet/infer", "{").statusCode()).isEqualTo(400);
        assertThat(OipFixture.post(client, server, "/v2/models/absent/infer", "{}").statusCode()).isEqualTo(404);

        HttpResponse<String> r = OipFixture.get(client, server, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(server.service().metrics().contentType());
        assertThat(r.body()).contains("hgq4j_requests_total{model=\"jet\",protocol=\"http\",status=\"ok\"} 3")
                .contains("status=\"bad_request\"").contains("hgq4j_batch_size_bucket");

        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("promtool is not installed (Debian package 'prometheus'; test.sh installs it): " + e.getMessage());
            return;
        }
        try (var in = promtool.getOutputStream()) {
            in.write(r.body().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics: " + output + "\n" + r.body()).isZero();
    }
}
