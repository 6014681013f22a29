package io.hgq4j.server.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.runtime.Builds;
import io.hgq4j.server.InferenceException.Status;
import io.hgq4j.server.InferenceServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binary front end and client against a real server on port 0: results bit for bit, pipelining, errors. */
class BinaryServerTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int MAX_BYTES = 64 << 10;
    static InferenceServer server;
    static int port;

    @BeforeAll
    static void start() {
        server = Fixtures.server(Fixtures.config().withLimits(MAX_BYTES, 64, Duration.ofSeconds(60),
                Duration.ofSeconds(10)));
        port = server.port("binary");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static BinaryException failure(CompletableFuture<?> f) {
        assertThatThrownBy(() -> get(f)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BinaryException.class);
        return (BinaryException) f.handle((r, e) -> e).join();
    }

    @Test
    void onlyTheBinaryPortIsBound() {
        assertThat(port).isPositive();
        assertThatThrownBy(() -> server.port("http")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jetResultsEqualTheEmulatorsBitForBit() throws Exception {
        int count = 200;
        float[] inputs = Builds.gaussian(count, 16, 21);
        double[] expected = Fixtures.expected(Fixtures.jet(), Fixtures.wide(inputs), count);
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            BinaryResponse r = get(client.infer("jet", inputs, count));
            assertThat(r.count()).isEqualTo(count);
            assertThat(r.valuesPerSample()).isEqualTo(expected.length / count);
            assertThat(r.values()).containsExactly(expected);
            assertThat(r.values(3)).containsExactly(java.util.Arrays.copyOfRange(expected, 3 * r.valuesPerSample(),
                    4 * r.valuesPerSample()));
            // FP64 inputs, one sample at a time, synchronously
            BinaryResponse one = client.inferSync("jet", java.util.Arrays.copyOf(inputs, 16), 1, WAIT);
            assertThat(one.values(0)).containsExactly(java.util.Arrays.copyOf(expected, one.valuesPerSample()));
            double[] wide = Fixtures.wide(inputs);
            assertThat(get(client.infer("jet", wide, count, Duration.ofSeconds(5))).values()).containsExactly(expected);
        }
    }

    @Test
    void fp64InputsThatAreNotFloatsAreQuantizedAsTheEmulatorDoes() throws Exception {
        Random random = new Random(5);
        int count = 50;
        var model = Fixtures.mlp().model();
        int size = model.inputs().get(0).type().size();
        double[] inputs = new double[count * size];
        for (int s = 0; s < count; s++) {
            System.arraycopy(io.hgq4j.model.testing.RandomModels.sample(model.inputs().get(0), random), 0, inputs,
                    s * size, size);
        }
        double[] expected = Fixtures.expected(Fixtures.mlp(), inputs, count);
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            BinaryResponse r = get(client.infer("mlp", inputs, count));
            assertThat(r.values()).containsExactly(expected);
            assertThat(r.datatype()).isEqualTo(server.service().model("mlp").orElseThrow().output().datatype());
        }
    }

    @Test
    void fp64OutputsTravelAsFp64BitForBit() throws Exception {
        Random random = new Random(8);
        var model = Fixtures.wide().model();
        int size = model.inputs().get(0).type().size();
        int count = 40;
        double[] inputs = new double[count * size];
        for (int s = 0; s < count; s++) {
            System.arraycopy(io.hgq4j.model.testing.RandomModels.sample(model.inputs().get(0), random), 0, inputs,
                    s * size, size);
        }
        double[] expected = Fixtures.expected(Fixtures.wide(), inputs, count);
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            assertThat(client.metadataSync("wide", WAIT).outputDatatype()).isEqualTo("FP64");
            BinaryResponse r = get(client.infer("wide", inputs, count));
            assertThat(r.datatype()).isEqualTo("FP64");
            assertThat(r.values()).containsExactly(expected);
            boolean needsDouble = false;
            for (double v : expected) {
                needsDouble |= (double) (float) v != v;
            }
            assertThat(needsDouble).as("some outputs are not floats (else this tests nothing FP32 would not)").isTrue();
        }
    }

    @Test
    void metadataDescribesTheTensors() throws Exception {
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            BinaryModelMetadata m = client.metadataSync("jet", WAIT);
            var served = server.service().model("jet").orElseThrow();
            assertThat(m.name()).isEqualTo("jet");
            assertThat(m.inputSize()).isEqualTo(16).isEqualTo(served.codec().inputSize());
            assertThat(m.inputShape()).isEqualTo(served.input().shape().subList(1, served.input().shape().size()));
            assertThat(m.outputSize()).isEqualTo(served.codec().outputSize());
            assertThat(m.outputDatatype()).isEqualTo(served.output().datatype());
            assertThat(m.outputShape()).isEqualTo(served.output().shape().subList(1, served.output().shape().size()));
            assertThat(failure(client.metadata("nope")).status()).isEqualTo(Status.NOT_FOUND);
        }
    }

    @Test
    void aThousandPipelinedRequestsOnOneConnectionAreAllAnsweredAndMatched() throws Exception {
        int requests = 1000;
        Random random = new Random(99);
        float[] pool = Builds.gaussian(5 * requests, 16, 77);
        double[] all = Fixtures.expected(Fixtures.jet(), Fixtures.wide(pool), 5 * requests);
        int per = all.length / (5 * requests);
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            List<CompletableFuture<BinaryResponse>> futures = new ArrayList<>();
            List<int[]> asked = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int count = 1 + random.nextInt(5);
                int first = random.nextInt(5 * requests - count);
                futures.add(client.infer("jet", java.util.Arrays.copyOfRange(pool, first * 16, (first + count) * 16),
                        count));
                asked.add(new int[] {first, count});
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < requests; i++) {
                BinaryResponse r = futures.get(i).join();
                int first = asked.get(i)[0];
                int count = asked.get(i)[1];
                assertThat(r.count()).isEqualTo(count);
                assertThat(r.values()).containsExactly(java.util.Arrays.copyOfRange(all, first * per,
                        (first + count) * per));
                ids.add(r.requestId());
            }
            assertThat(ids).hasSize(requests);
            assertThat(client.pending()).isZero();
        }
    }

    @Test
    void errorsAreAnsweredWithTheirStatusAndTheConnectionStaysUsable() throws Exception {
        float[] one = Builds.gaussian(1, 16, 1);
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            BinaryException unknown = failure(client.infer("nope", one, 1));
            assertThat(unknown.status()).isEqualTo(Status.NOT_FOUND);
            assertThat(unknown.statusCode()).isEqualTo(2);
            assertThat(unknown.getMessage()).contains("unknown model 'nope'");
            assertThat(failure(client.infer("jet", one, 2)).status()).isEqualTo(Status.BAD_REQUEST);
            assertThat(failure(client.infer("jet", new float[0], 0)).getMessage()).contains("count is 0");
            float[] nan = one.clone();
            nan[3] = Float.NaN;
            assertThat(failure(client.infer("jet", nan, 1)).getMessage()).contains("finite");
            int tooMany = MAX_BYTES / 64 + 1;
            BinaryException large = failure(client.infer("jet", Builds.gaussian(tooMany, 16, 2), tooMany));
            assertThat(large.status()).isEqualTo(Status.TOO_LARGE);
            assertThat(large.getMessage()).contains("exceeds the limit of " + MAX_BYTES);
            assertThat(client.isOpen()).isTrue();
            assertThat(get(client.infer("jet", one, 1)).count()).isEqualTo(1);
        }
        try (RawConnection raw = new RawConnection(port)) {
            raw.send(Frames.infer(3, 1, 31, "jet", 1, one));
            RawConnection.Response version = raw.read();
            assertThat(version.status()).isEqualTo(Status.BAD_REQUEST.code());
            assertThat(version.id()).isEqualTo(31);
            assertThat(version.message()).contains("version 3");
            raw.send(Frames.frame(new byte[] {1}));
            RawConnection.Response shortFrame = raw.read();
            assertThat(shortFrame.id()).isZero();
            assertThat(shortFrame.type()).isZero();
            assertThat(shortFrame.status()).isEqualTo(Status.BAD_REQUEST.code());
            raw.send(Frames.infer(32, "jet", 1, one));
            RawConnection.Response ok = raw.read();
            assertThat(ok.status()).isZero();
            assertThat(ok.id()).isEqualTo(32);
            assertThat(ok.version()).isEqualTo(1);
            assertThat(ok.type()).isEqualTo(1);
        }
    }

    @Test
    void garbageLengthClosesTheConnection() throws IOException {
        try (RawConnection raw = new RawConnection(port)) {
            raw.send(new byte[] {0, 0, 0, (byte) 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
            assertThat(raw.read()).isNull();
        }
    }

    @Test
    void anExpiredDeadlineIsUnavailable() throws Exception {
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            // 1 µs: gone by the time the batcher looks at it
            List<CompletableFuture<BinaryResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(client.infer("jet", Builds.gaussian(64, 16, i), 64, Duration.ofNanos(1000)));
            }
            int unavailable = 0;
            for (CompletableFuture<BinaryResponse> f : futures) {
                try {
                    get(f);
                } catch (ExecutionException e) {
                    assertThat(((BinaryException) e.getCause()).status()).isEqualTo(Status.UNAVAILABLE);
                    unavailable++;
                }
            }
            assertThat(unavailable).isPositive();
        }
    }

    @Test
    void closingTheConnectionFailsPendingRequests() throws Exception {
        BinaryClient client = BinaryClient.connect("127.0.0.1", port);
        List<CompletableFuture<BinaryResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.infer("jet", Builds.gaussian(64, 16, i), 64));
        }
        client.close();
        for (CompletableFuture<BinaryResponse> f : futures) {
            try {
                get(f);
            } catch (ExecutionException e) {
                assertThat(((BinaryException) e.getCause()).connectionFailure()).isTrue();
            }
        }
        BinaryException after = failure(client.infer("jet", Builds.gaussian(1, 16, 1), 1));
        assertThat(after.connectionFailure()).isTrue();
        assertThat(after.getMessage()).contains("closed");
        assertThat(client.pending()).isZero();
    }

    @Test
    void connectingToAClosedPortFailsClearly() {
        assertThatThrownBy(() -> BinaryClient.connect("127.0.0.1", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:1");
    }
}
