package io.hgq4j.server.http;

import static io.hgq4j.server.http.OipFixture.inferJson;
import static io.hgq4j.server.http.OipFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.emulator.Emulator;
import io.hgq4j.runtime.Builds;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.LeakWatch;
import io.hgq4j.server.ServedModel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inference over HTTP, JSON and the binary tensor data extension, on the jet tagger: the outputs equal the
 * emulator's bit for bit.
 */
class OipInferTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] BATCHES = {1, 7, 64, 128, 300, 500};
    private static InferenceServer server;
    private static HttpClient client;
    private static ServedModel jet;
    private static int n;
    private static int m;
    private static double[] inputs;
    private static double[][] expected;
    private static int total;

    @BeforeAll
    static void start() throws Exception {
        LeakWatch.install();
        server = OipFixture.start();
        client = OipFixture.client();
        jet = server.service().model("jet").orElseThrow();
        n = jet.input().sampleSize();
        m = jet.output().sampleSize();
        total = Arrays.stream(BATCHES).sum();
        float[] floats = Builds.gaussian(total, n, 2024);
        inputs = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            inputs[i] = floats[i];
        }
        var result = Emulator.of(jet.artifact().model()).run(inputs, total, 1);
        expected = new double[total][];
        for (int s = 0; s < total; s++) {
            expected[s] = result.values(s);
        }
        assertThat(Arrays.stream(expected).flatMapToDouble(Arrays::stream).distinct().count())
                .as("distinct expected outputs").isGreaterThan(100);
    }

    @AfterAll
    static void stop() {
        OipFixture.stop(server);
    }

    private static void assertOutputs(JsonNode response, int first, int count) {
        assertThat(response.get("model_name").asText()).isEqualTo("jet");
        assertThat(response.get("model_version").asText()).isEqualTo("1");
        JsonNode out = response.get("outputs").get(0);
        assertThat(out.get("name").asText()).isEqualTo(jet.output().name());
        assertThat(out.get("datatype").asText()).isEqualTo(jet.output().datatype());
        assertThat(out.get("shape").get(0).asInt()).isEqualTo(count);
        JsonNode data = out.get("data");
        assertThat(data.size()).isEqualTo(count * m);
        boolean fp32 = jet.output().datatype().equals("FP32");
        for (int s = 0; s < count; s++) {
            for (int j = 0; j < m; j++) {
                double got = data.get(s * m + j).asDouble();
                double want = expected[first + s][j];
                if (fp32) {
                    assertThat(Float.floatToRawIntBits((float) got)).as("sample %d output %d", first + s, j)
                            .isEqualTo(Float.floatToRawIntBits((float) want));
                } else {
                    assertThat(Double.doubleToRawLongBits(got)).as("sample %d output %d", first + s, j)
                            .isEqualTo(Double.doubleToRawLongBits(want));
                }
            }
        }
    }

    private static double[] slice(int first, int count) {
        return Arrays.copyOfRange(inputs, first * n, (first + count) * n);
    }

    @Test
    void jsonInferenceEqualsTheEmulatorBitForBit() throws Exception {
        int first = 0;
        for (int count : BATCHES) {
            for (String datatype : List.of("FP32", "FP64")) {
                String body = inferJson(jet.input().name(), datatype, List.of(count, n), slice(first, count),
                        ",\"id\":\"batch-" + count + "\"");
                HttpResponse<String> r = post(client, server, "/v2/models/jet/infer", body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode response = JSON.readTree(r.body());
                assertThat(response.get("id").asText()).isEqualTo("batch-" + count);
                assertOutputs(response, first, count);
            }
            first += count;
        }
    }

    @Test
    void nestedDataAndFloatTextAndVersionedPath() throws Exception {
        int count = 40;
        int first = 100;
        StringBuilder data = new StringBuilder("[");
        for (int s = 0; s < count; s++) {
            data.append(s == 0 ? "[" : ",[");
            for (int i = 0; i < n; i++) {
                data.append(i == 0 ? "" : ",").append(Float.toString((float) inputs[(first + s) * n + i]));
            }
            data.append(']');
        }
        data.append(']');
        String body = "{\"inputs\":[{\"name\":\"" + jet.input().name() + "\",\"shape\":[" + count + "," + n
                + "],\"datatype\":\"FP32\",\"data\":" + data + "}],\"outputs\":[{\"name\":\""
                + jet.output().name() + "\"}]}";
        HttpResponse<String> r = post(client, server, "/v2/models/jet/versions/1/infer", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode response = JSON.readTree(r.body());
        assertThat(response.has("id")).isFalse();
        assertOutputs(response, first, count);
    }

    /** A binary request: JSON header then the tensor's little-endian bytes. */
    private static byte[] binaryBody(String header, byte[] tensor) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(json, json.length + tensor.length);
        System.arraycopy(tensor, 0, body, json.length, tensor.length);
        return body;
    }

    private static byte[] fp32Bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        return b.array();
    }

    private static String binaryHeader(int count, int bytes, String outputs) {
        return "{\"id\":\"b\",\"inputs\":[{\"name\":\"" + jet.input().name() + "\",\"datatype\":\"FP32\","
                + "\"shape\":[" + count + "," + n + "],\"parameters\":{\"binary_data_size\":" + bytes + "}}]"
                + outputs + "}";
    }

    /** Checks a binary response against the emulator. */
    private static void assertBinaryOutputs(HttpResponse<byte[]> r, int first, int count) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        int headerLength = Integer.parseInt(r.headers().firstValue("inference-header-content-length").orElseThrow());
        assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(r.body().length));
        JsonNode header = JSON.readTree(new String(r.body(), 0, headerLength, StandardCharsets.UTF_8));
        JsonNode out = header.get("outputs").get(0);
        assertThat(out.has("data")).isFalse();
        assertThat(out.get("shape").get(0).asInt()).isEqualTo(count);
        boolean fp32 = jet.output().datatype().equals("FP32");
        int size = fp32 ? 4 : 8;
        assertThat(out.get("parameters").get("binary_data_size").asInt()).isEqualTo(count * m * size);
        assertThat(r.body().length - headerLength).isEqualTo(count * m * size);
        ByteBuffer data = ByteBuffer.wrap(r.body(), headerLength, count * m * size).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < count; s++) {
            for (int j = 0; j < m; j++) {
                double want = expected[first + s][j];
                if (fp32) {
                    assertThat(Float.floatToRawIntBits(data.getFloat())).isEqualTo(Float.floatToRawIntBits((float) want));
                } else {
                    assertThat(Double.doubleToRawLongBits(data.getDouble()))
                            .isEqualTo(Double.doubleToRawLongBits(want));
                }
            }
        }
    }

    @Test
    void binaryTensorDataInAndOutEqualsTheEmulator() throws Exception {
        int first = 0;
        for (int count : BATCHES) {
            byte[] tensor = fp32Bytes(slice(first, count));
            String header = binaryHeader(count, tensor.length, ",\"parameters\":{\"binary_data_output\":true}");
            HttpResponse<byte[]> r = OipFixture.postBytes(client, server, "/v2/models/jet/infer",
                    binaryBody(header, tensor), Map.of("Inference-Header-Content-Length",
                            Integer.toString(header.getBytes(StandardCharsets.UTF_8).length),
                            "Content-Type", "application/octet-stream"));
            assertBinaryOutputs(r, first, count);
            first += count;
        }
    }

    @Test
    void binaryInputJsonOutputAndJsonInputBinaryOutput() throws Exception {
        int first = 200;
        int count = 33;
        byte[] tensor = fp32Bytes(slice(first, count));
        String header = binaryHeader(count, tensor.length, "");
        HttpResponse<byte[]> r = OipFixture.postBytes(client, server, "/v2/models/jet/infer",
                binaryBody(header, tensor), Map.of("Inference-Header-Content-Length",
                        Integer.toString(header.length())));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("inference-header-content-length")).isEmpty();
        assertOutputs(JSON.readTree(r.body()), first, count);

        String json = inferJson(jet.input().name(), "FP32", List.of(count, n), slice(first, count),
                ",\"outputs\":[{\"name\":\"" + jet.output().name() + "\",\"parameters\":{\"binary_data\":true}}]");
        HttpResponse<byte[]> b = OipFixture.postBytes(client, server, "/v2/models/jet/infer",
                json.getBytes(StandardCharsets.UTF_8), Map.of());
        assertBinaryOutputs(b, first, count);
    }

    @Test
    void binaryInputOfOtherDatatypes() throws Exception {
        int count = 3;
        double[] ints = new double[count * n];
        Random random = new Random(5);
        for (int i = 0; i < ints.length; i++) {
            ints[i] = random.nextInt(7) - 3;
        }
        var want = Emulator.of(jet.artifact().model()).run(ints, count, 1);
        ByteBuffer int16 = ByteBuffer.allocate(ints.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer fp64 = ByteBuffer.allocate(ints.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : ints) {
            int16.putShort((short) v);
            fp64.putDouble(v);
        }
        for (var tensor : List.of(Map.entry("INT16", int16.array()), Map.entry("FP64", fp64.array()))) {
            String header = "{\"inputs\":[{\"name\":\"" + jet.input().name() + "\",\"datatype\":\"" + tensor.getKey()
                    + "\",\"shape\":[" + count + "," + n + "],\"parameters\":{\"binary_data_size\":"
                    + tensor.getValue().length + "}}]}";
            HttpResponse<byte[]> r = OipFixture.postBytes(client, server, "/v2/models/jet/infer",
                    binaryBody(header, tensor.getValue()), Map.of("Inference-Header-Content-Length",
                            Integer.toString(header.length())));
            assertThat(r.statusCode()).as(tensor.getKey()).isEqualTo(200);
            JsonNode data = JSON.readTree(r.body()).get("outputs").get(0).get("data");
            for (int s = 0; s < count; s++) {
                for (int j = 0; j < m; j++) {
                    assertThat(data.get(s * m + j).asDouble()).isEqualTo(want.values(s)[j]);
                }
            }
            // the same values as JSON integers of that datatype
            HttpResponse<String> j = post(client, server, "/v2/models/jet/infer",
                    inferJson(jet.input().name(), tensor.getKey(), List.of(count, n), ints, ""));
            assertThat(j.statusCode()).as(j.body()).isEqualTo(200);
            assertThat(JSON.readTree(j.body()).get("outputs").get(0).get("data")).isEqualTo(data);
        }
    }

    @Test
    void binarySizesAreCheckedPrecisely() throws Exception {
        int count = 2;
        byte[] tensor = fp32Bytes(slice(0, count));
        record Case(String what, String header, byte[] tensor, String headerLength, String message) {
        }
        String good = binaryHeader(count, tensor.length, "");
        List<Case> cases = new ArrayList<>(List.of(
                new Case("size off by one", binaryHeader(count, tensor.length - 1, ""), tensor, null,
                        "binary_data_size' is " + (tensor.length - 1) + " bytes"),
                new Case("fewer bytes than claimed", good, Arrays.copyOf(tensor, tensor.length - 4), null,
                        "bytes of binary data follow"),
                new Case("more bytes than claimed", good, Arrays.copyOf(tensor, tensor.length + 4), null,
                        "the tensors claim"),
                new Case("header length past the body", good, tensor, "999999", "the body has only"),
                new Case("header length not a number", good, tensor, "ten", "must be a byte count"),
                new Case("header length cuts the JSON", good, tensor, "20", "malformed JSON"),
                new Case("raw binary request", good, tensor, "0", "raw binary request"),
                new Case("data and binary", good.replace("\"parameters\"", "\"data\":[],\"parameters\""), tensor,
                        null, "has both 'data' and parameters.binary_data_size"),
                new Case("negative size", binaryHeader(count, -8, ""), tensor, null, "must be 0 or more")));
        for (Case c : cases) {
            String length = c.headerLength() != null ? c.headerLength() : Integer.toString(c.header().length());
            HttpResponse<byte[]> r = OipFixture.postBytes(client, server, "/v2/models/jet/infer",
                    binaryBody(c.header(), c.tensor()), Map.of("Inference-Header-Content-Length", length));
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as(c.what() + ": " + body).isEqualTo(400);
            assertThat(JSON.readTree(body).get("error").asText()).as(c.what()).contains(c.message());
        }
    }

    @Test
    void concurrentClientsGetTheirOwnResults() throws Exception {
        HttpClient async = OipFixture.client();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        int count = 5;
        for (int k = 0; k < 60; k++) {
            int first = k * count;
            String body = inferJson(jet.input().name(), "FP32", List.of(count, n), slice(first, count),
                    ",\"id\":\"" + first + "\"");
            sent.add(async.sendAsync(HttpRequest.newBuilder(OipFixture.uri(server, "/v2/models/jet/infer"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode response = JSON.readTree(r.body());
            assertOutputs(response, Integer.parseInt(response.get("id").asText()), count);
        }
    }
}
