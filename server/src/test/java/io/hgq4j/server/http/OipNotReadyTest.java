package io.hgq4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.EmulatorDevice;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.LeakWatch;
import io.hgq4j.server.ServedModel;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A service whose model has been closed: readiness and inference answer 503, liveness still 200. */
class OipNotReadyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static InferenceServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        LeakWatch.install();
        Artifact artifact = Artifact.open(OipFixture.repository().resolve("mlp"));
        InferenceService service = InferenceService.of(Map.of("mlp", new EmulatorDevice(artifact)),
                OipFixture.config());
        server = InferenceServer.start(service, List.of(new OipFrontEnd()), line -> { });
        client = OipFixture.client();
        service.model("mlp").orElseThrow().close();
    }

    @AfterAll
    static void stop() {
        OipFixture.stop(server);
    }

    @Test
    void notReadyIs503() throws Exception {
        assertThat(OipFixture.get(client, server, "/v2/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = OipFixture.get(client, server, "/v2/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(ready.body()).get("ready").asBoolean()).isFalse();
        HttpResponse<String> model = OipFixture.get(client, server, "/v2/models/mlp/ready");
        assertThat(model.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(model.body()).get("ready").asBoolean()).isFalse();
    }

    @Test
    void inferenceOnAClosedModelIs503() throws Exception {
        ServedModel mlp = server.service().model("mlp").orElseThrow();
        int n = mlp.input().sampleSize();
        HttpResponse<String> r = OipFixture.post(client, server, "/v2/models/mlp/infer", OipFixture.inferJson(
                mlp.input().name(), "FP32", List.of(2, n), new double[2 * n], ""));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isNotEmpty();
    }
}
