package io.hgq4j.server.http;

import static io.hgq4j.server.http.OipFixture.get;
import static io.hgq4j.server.http.OipFixture.inferJson;
import static io.hgq4j.server.http.OipFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.LeakWatch;
import io.hgq4j.server.ServedModel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint of the HTTP front end, its errors, keep-alive, pipelining and the size limit. */
class OipEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static InferenceServer server;
    private static HttpClient client;
    private static ServedModel jet;

    @BeforeAll
    static void start() throws Exception {
        LeakWatch.install();
        server = OipFixture.start();
        client = OipFixture.client();
        jet = server.service().model("jet").orElseThrow();
    }

    @AfterAll
    static void stop() {
        OipFixture.stop(server);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("content-length")).as("Content-Length").isPresent();
        return JSON.readTree(r.body());
    }

    private static String goodInfer(int count) {
        return inferJson(jet.input().name(), "FP32", List.of(count, jet.input().sampleSize()),
                new double[count * jet.input().sampleSize()], "");
    }

    @Test
    void healthEndpoints() throws Exception {
        HttpResponse<String> live = get(client, server, "/v2/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live).get("live").asBoolean()).isTrue();
        HttpResponse<String> ready = get(client, server, "/v2/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("ready").asBoolean()).isTrue();
    }

    @Test
    void serverMetadata() throws Exception {
        HttpResponse<String> r = get(client, server, "/v2");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode m = json(r);
        assertThat(m.get("name").asText()).isEqualTo("hgq4j");
        assertThat(m.get("version").asText()).isNotEmpty();
        assertThat(m.get("extensions").toString()).isEqualTo("[\"binary_tensor_data\"]");
    }

    @Test
    void modelMetadataPlainAndVersioned() throws Exception {
        for (String path : List.of("/v2/models/jet", "/v2/models/jet/versions/1")) {
            HttpResponse<String> r = get(client, server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            JsonNode m = json(r);
            assertThat(m.get("name").asText()).isEqualTo("jet");
            assertThat(m.get("versions").toString()).isEqualTo("[\"1\"]");
            assertThat(m.get("platform").asText()).isEqualTo("hgq4j");
            JsonNode in = m.get("inputs").get(0);
            assertThat(in.get("name").asText()).isEqualTo(jet.input().name());
            assertThat(in.get("datatype").asText()).isEqualTo("FP32");
            assertThat(in.get("shape").toString()).isEqualTo("[-1,16]");
            JsonNode out = m.get("outputs").get(0);
            assertThat(out.get("name").asText()).isEqualTo(jet.output().name());
            assertThat(out.get("datatype").asText()).isEqualTo(jet.output().datatype());
            assertThat(out.get("shape").get(0).asInt()).isEqualTo(-1);
        }
        HttpResponse<String> v2 = get(client, server, "/v2/models/jet/versions/2");
        assertThat(v2.statusCode()).isEqualTo(404);
        assertThat(json(v2).get("error").asText()).contains("version");
    }

    @Test
    void modelReadiness() throws Exception {
        for (String path : List.of("/v2/models/jet/ready", "/v2/models/mlp/versions/1/ready")) {
            HttpResponse<String> r = get(client, server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(json(r).get("ready").asBoolean()).isTrue();
        }
    }

    @Test
    void unknownModelsAndPathsAre404() throws Exception {
        HttpResponse<String> model = get(client, server, "/v2/models/nope");
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(json(model).get("error").asText()).contains("unknown model 'nope'");
        HttpResponse<String> infer = post(client, server, "/v2/models/nope/infer", goodInfer(1));
        assertThat(infer.statusCode()).isEqualTo(404);
        assertThat(json(infer).get("error").asText()).contains("nope");
        for (String path : List.of("/", "/v1/models", "/v2/health", "/v2/health/dead", "/v2/models/jet/stats",
                "/v2/models/jet/ready/again", "/v2/models/../../etc/passwd", "/metricsx")) {
            HttpResponse<String> r = get(client, server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r).get("error").asText()).as(path).doesNotContain("passwd");
        }
    }

    @Test
    void invalidModelNamesAre400WithoutEchoingThem() throws Exception {
        for (String path : List.of("/v2/models/..", "/v2/models/a%20b/ready", "/v2/models/.hidden",
                "/v2/models/%2e%2e/infer", "/v2/models/" + "x".repeat(65))) {
            HttpResponse<String> r = path.endsWith("infer") ? post(client, server, path, goodInfer(1))
                    : get(client, server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            String error = json(r).get("error").asText();
            assertThat(error).as(path).contains("invalid model name").doesNotContain("..").doesNotContain("a b")
                    .doesNotContain("hidden").doesNotContain("xxxx");
        }
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            raw.send("GET /v2/models/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(400);
        }
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> postLive = post(client, server, "/v2/health/live", "{}");
        assertThat(postLive.statusCode()).isEqualTo(405);
        assertThat(postLive.headers().firstValue("allow")).hasValue("GET");
        assertThat(json(postLive).has("error")).isTrue();
        HttpResponse<String> getInfer = get(client, server, "/v2/models/jet/infer");
        assertThat(getInfer.statusCode()).isEqualTo(405);
        assertThat(getInfer.headers().firstValue("allow")).hasValue("POST");
        HttpResponse<String> delete = OipFixture.send(client, HttpRequest.newBuilder(OipFixture.uri(server,
                "/metrics")).DELETE().timeout(Duration.ofSeconds(10)).build());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON|{\"inputs\": [|malformed JSON",
        "empty body||the request body is empty",
        "array body|[]|must be a JSON object",
        "trailing data|{\"inputs\":[]} {}|after the JSON object",
        "trailing junk|{\"inputs\":[]} x|malformed JSON at line 1, column 15",
        "no inputs|{}|missing field 'inputs'",
        "empty inputs|{\"inputs\":[]}|'inputs' is empty",
        "inputs not array|{\"inputs\":{}}|'inputs' must be an array",
        "id not string|{\"id\":5,\"inputs\":[]}|'id' must be a string",
        "NaN|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":[NaN]}]}|malformed JSON",
        "string value|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":[\"1\"]}]}|"
            + "'inputs[0].data' value 0 is a string",
        "null value|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":[null]}]}|"
            + "value 0 is null",
        "missing name|{\"inputs\":[{\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":[]}]}|'inputs[0].name'",
        "wrong name|{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":[]}]}|"
            + "input 'x' is not an input",
        "missing datatype|{\"inputs\":[{\"name\":\"@\",\"shape\":[1,16],\"data\":[]}]}|'inputs[0].datatype'",
        "wrong datatype|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"BOOL\",\"shape\":[1,16],\"data\":[]}]}|"
            + "'inputs[0].datatype' BOOL is not supported",
        "lower-case datatype|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"fp32\",\"shape\":[1,16],\"data\":[]}]}|"
            + "fp32 is not supported",
        "missing shape|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"data\":[]}]}|'inputs[0].shape'",
        "wrong shape|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,15],\"data\":[]}]}|"
            + "'inputs[0].shape' [1, 15] does not match",
        "flat shape|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[16],\"data\":[]}]}|does not match",
        "zero batch|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[0,16],\"data\":[]}]}|does not match",
        "negative dim|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[-1,16],\"data\":[]}]}|"
            + "'inputs[0].shape[0]' is -1",
        "shape of strings|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[\"1\",16],\"data\":[]}]}|"
            + "'inputs[0].shape[0]' must be an integer",
        "too few values|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":[1,2]}]}|"
            + "'inputs[0].data' has 2 values; shape [1, 16] needs 16",
        "missing data|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,16]}]}|'inputs[0].data'",
        "unknown output|{\"inputs\":[],\"outputs\":[{\"name\":\"nope\"}]}|'inputs' is empty",
        "binary flag type|{\"inputs\":[],\"parameters\":{\"binary_data_output\":1}}|"
            + "'parameters.binary_data_output' must be true or false",
        "timeout zero|{\"inputs\":[],\"parameters\":{\"timeout_us\":0}}|'parameters.timeout_us' must be more than 0",
        "timeout float|{\"inputs\":[],\"parameters\":{\"timeout_us\":1.5}}|'parameters.timeout_us' must be an integer",
        "binary size without header|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,16],"
            + "\"parameters\":{\"binary_data_size\":64}}]}|no Inference-Header-Content-Length",
        "INT8 out of range|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"INT8\",\"shape\":[1,16],"
            + "\"data\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,300]}]}|INT8 holds -128 to 127",
        "INT32 fraction|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"INT32\",\"shape\":[1,16],"
            + "\"data\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1.5]}]}|INT32 takes integers",
        "INT64 inexact|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"INT64\",\"shape\":[1,16],"
            + "\"data\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,9007199254740993]}]}|cannot hold exactly",
        "infinite|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP64\",\"shape\":[1,16],"
            + "\"data\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1e400]}]}|finite",
        "beyond float|{\"inputs\":[{\"name\":\"@\",\"datatype\":\"FP32\",\"shape\":[1,16],"
            + "\"data\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1e39]}]}|finite",
    })
    void badInferRequestsAre400NamingTheProblem(String what, String body, String message) throws Exception {
        String json = body == null ? "" : body.replace("\"@\"", "\"" + jet.input().name() + "\"");
        HttpResponse<String> r = post(client, server, "/v2/models/jet/infer", json);
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).as(what).contains(message);
    }

    @Test
    void twoInputTensorsAre400() throws Exception {
        String one = goodInfer(1);
        String tensor = one.substring(one.indexOf('[') + 1, one.lastIndexOf(']'));
        HttpResponse<String> r = post(client, server, "/v2/models/jet/infer",
                "{\"inputs\":[" + tensor + "," + tensor + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("'inputs' has more than one tensor");
    }

    @Test
    void unknownOutputIs400() throws Exception {
        String body = goodInfer(1);
        body = body.substring(0, body.length() - 1) + ",\"outputs\":[{\"name\":\"nope\"}]}";
        HttpResponse<String> r = post(client, server, "/v2/models/jet/infer", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("requested output 'nope' is not an output");
    }

    @Test
    void deadlines() throws Exception {
        String body = goodInfer(4);
        String tight = body.substring(0, body.length() - 1) + ",\"parameters\":{\"timeout_us\":1}}";
        HttpResponse<String> late = post(client, server, "/v2/models/jet/infer", tight);
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(json(late).get("error").asText()).contains("deadline");
        String loose = body.substring(0, body.length() - 1) + ",\"parameters\":{\"timeout_us\":5000000}}";
        assertThat(post(client, server, "/v2/models/jet/infer", loose).statusCode()).isEqualTo(200);
    }

    @Test
    void tooLargeBodyIs413WithJsonAndTheConnectionStaysUsable() throws Exception {
        String huge = "{\"inputs\":[" + " ".repeat(OipFixture.LIMIT) + "]}";
        HttpResponse<String> r = post(client, server, "/v2/models/jet/infer", huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("error").asText()).contains("larger than the limit of " + OipFixture.LIMIT);
        assertThat(post(client, server, "/v2/models/jet/infer", goodInfer(2)).statusCode()).isEqualTo(200);

        // on one connection: 413 in turn, the rest of the body discarded, the next request answered
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            raw.send(RawHttp.request("POST", "/v2/models/jet/infer", huge)
                    + RawHttp.request("GET", "/v2/health/live", ""));
            RawHttp.Response first = raw.read();
            assertThat(first.status()).isEqualTo(413);
            assertThat(JSON.readTree(first.text()).get("error").asText()).contains("limit");
            RawHttp.Response second = raw.read();
            assertThat(second.status()).isEqualTo(200);
        }
        // without keep-alive the connection is closed after the 413
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            raw.send("POST /v2/models/jet/infer HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                    + (OipFixture.LIMIT + 1) + "\r\n\r\n");
            RawHttp.Response first = raw.read();
            assertThat(first.status()).isEqualTo(413);
            assertThat(first.headers().get("connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
        // Expect: 100-continue with a length over the limit: the same JSON 413 instead of 100
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            raw.send("POST /v2/models/jet/infer HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                    + (OipFixture.LIMIT + 1) + "\r\n\r\n");
            RawHttp.Response first = raw.read();
            assertThat(first.status()).isEqualTo(413);
            assertThat(JSON.readTree(first.text()).get("error").asText()).contains("limit");
        }
    }

    @Test
    void keepAliveConnectionServesAfterAnError() throws Exception {
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            raw.send(RawHttp.request("POST", "/v2/models/jet/infer", "{\"inputs\": [oops"));
            RawHttp.Response bad = raw.read();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.headers().get("connection")).isNotEqualTo("close");
            raw.send(RawHttp.request("POST", "/v2/models/jet/infer", goodInfer(3)));
            RawHttp.Response good = raw.read();
            assertThat(good.status()).isEqualTo(200);
            assertThat(JSON.readTree(good.text()).get("outputs").get(0).get("shape").get(0).asInt()).isEqualTo(3);
            raw.send(RawHttp.request("GET", "/v2/nothing", ""));
            assertThat(raw.read().status()).isEqualTo(404);
            raw.send(RawHttp.request("GET", "/v2/health/live", ""));
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            StringBuilder all = new StringBuilder();
            int[] counts = {300, 1, 57, 2, 128};
            for (int i = 0; i < counts.length; i++) {
                all.append(RawHttp.request("POST", "/v2/models/jet/infer", goodInfer(counts[i])
                        .replaceFirst("^\\{", "{\"id\":\"r" + i + "\",")));
                all.append(RawHttp.request("GET", i % 2 == 0 ? "/v2/health/live" : "/v2/nowhere", ""));
            }
            raw.send(all.toString());
            for (int i = 0; i < counts.length; i++) {
                RawHttp.Response infer = raw.read();
                assertThat(infer.status()).isEqualTo(200);
                JsonNode r = JSON.readTree(infer.text());
                assertThat(r.get("id").asText()).isEqualTo("r" + i);
                assertThat(r.get("outputs").get(0).get("shape").get(0).asInt()).isEqualTo(counts[i]);
                assertThat(raw.read().status()).isEqualTo(i % 2 == 0 ? 200 : 404);
            }
        }
    }

    @Test
    void aLongRunOfPipelinedRequests() throws Exception {
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                all.append("GET ").append(i % 3 == 0 ? "/v2/models/jet/ready" : i % 3 == 1 ? "/v2/x" : "/v2")
                        .append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            raw.send(all.toString());
            for (int i = 0; i < 2000; i++) {
                RawHttp.Response r = raw.read();
                assertThat(r.status()).as("response %d", i).isEqualTo(i % 3 == 1 ? 404 : 200);
                if (i % 3 == 2) {
                    assertThat(r.text()).contains("hgq4j");
                }
            }
        }
    }

    @Test
    void anOutputsBinaryDataOverridesTheRequestDefault() throws Exception {
        String body = goodInfer(2);
        body = body.substring(0, body.length() - 1) + ",\"parameters\":{\"binary_data_output\":true},"
                + "\"outputs\":[{\"name\":\"" + jet.output().name() + "\",\"parameters\":{\"binary_data\":false}}]}";
        HttpResponse<String> r = post(client, server, "/v2/models/jet/infer", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("inference-header-content-length")).isEmpty();
        assertThat(json(r).get("outputs").get(0).get("data").size()).isEqualTo(2 * jet.output().sampleSize());
    }

    @Test
    void malformedHttpIs400AndClosed() throws Exception {
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            raw.send("THIS IS NOT HTTP AT ALL\r\nbroken header line without colon\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(JSON.readTree(r.text()).has("error")).isTrue();
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosed() throws Exception {
        try (RawHttp raw = new RawHttp(server.port("http"))) {
            raw.send("GET /v2/health/live HTTP/1.0\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void metricsArePrometheusText() {
        HttpResponse<String> r = get(client, server, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains("hgq4j_requests");
    }
}
