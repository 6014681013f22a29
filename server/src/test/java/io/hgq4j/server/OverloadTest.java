package io.hgq4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Builds;
import io.hgq4j.server.binary.BinaryClient;
import io.hgq4j.server.binary.BinaryException;
import io.hgq4j.server.binary.BinaryFrontEnd;
import io.hgq4j.server.binary.BinaryResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload over the network: a device that takes 1 ms per batch of up to 16 samples (16,000 samples/s) is sent
 * 32,000 single-sample requests/s for one second through the binary protocol. Every request must get a result or a
 * 503-equivalent (UNAVAILABLE) — none lost, none left hanging — and on the server the accepted ones must finish
 * within their deadline plus one batch.
 */
class OverloadTest {

    @TempDir
    Path dir;

    private static long series(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing"));
    }

    @Test
    void twiceTheCapacityGetsAResultOrARefusalForEveryRequest() throws Exception {
        Artifact jet = Builds.compile(Builds.jet(), "pynq-z2", 64, dir);
        GatedDevice device = new GatedDevice(jet);
        device.batchCost(1_000_000);
        Duration deadline = Duration.ofMillis(200);
        ServerConfig config = ServerConfig.defaults().withPorts(0, 0).withBatching(16, Duration.ZERO, 64)
                .withLimits(1 << 20, 64, Duration.ofSeconds(60), deadline);
        InferenceService service = InferenceService.of(Map.of("jet", device), config);
        int total = 32_000;
        long interval = 1_000_000_000L / total;
        List<CompletableFuture<BinaryResponse>> futures = new ArrayList<>(total);
        AtomicLong slowestAccepted = new AtomicLong();
        float[] sample = Builds.gaussian(1, 16, 5);
        try (InferenceServer server = InferenceServer.start(service, List.of(new BinaryFrontEnd()), line -> { });
             BinaryClient client = BinaryClient.connect("127.0.0.1", server.port("binary"))) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                while (System.nanoTime() - (start + i * interval) < 0) {
                    Thread.onSpinWait(); // pacing the load generator at twice the capacity
                }
                long sent = System.nanoTime();
                futures.add(client.infer("jet", sample, 1).whenComplete((r, e) -> {
                    if (e == null) {
                        slowestAccepted.accumulateAndGet(System.nanoTime() - sent, Math::max);
                    }
                }));
            }
            CompletableFuture.allOf(futures.stream().map(f -> f.exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        long ok = 0;
        long refused = 0;
        for (CompletableFuture<BinaryResponse> f : futures) {
            assertThat(f).isDone();
            if (f.isCompletedExceptionally()) {
                Throwable t = f.handle((r, e) -> e).join();
                Throwable cause = t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
                assertThat(cause).isInstanceOf(BinaryException.class);
                assertThat(((BinaryException) cause).status()).as(cause.getMessage())
                        .isEqualTo(InferenceException.Status.UNAVAILABLE);
                refused++;
            } else {
                ok++;
            }
        }
        System.out.printf("overload at 2x capacity: %d served, %d refused, slowest accepted %.1f ms%n", ok, refused,
                slowestAccepted.get() / 1e6);
        assertThat(ok + refused).isEqualTo(total);
        assertThat(refused).as("refused").isPositive();
        assertThat(ok).as("served").isPositive();
        // On the server, from arrival to result: within the deadline plus one batch (the 0.25 s bucket holds them all).
        String metrics = new String(service.metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(series(metrics, "hgq4j_request_latency_seconds_bucket{model=\"jet\",le=\"0.25\"}"))
                .isEqualTo(series(metrics, "hgq4j_request_latency_seconds_count{model=\"jet\"}")).isEqualTo(ok);
        // At the client, which also waits for its own threads on this busy machine: nothing left hanging.
        assertThat(Duration.ofNanos(slowestAccepted.get())).as("slowest accepted request at the client")
                .isLessThan(Duration.ofSeconds(10));
    }
}
