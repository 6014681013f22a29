package io.hgq4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Builds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service and its batchers on the jet tagger: batched results equal the emulator's, overload is refused at once
 * and nothing hangs, a device error fails only its batch, deadlines, graceful shutdown, and the model repository.
 */
class InferenceServiceTest {

    @TempDir
    static Path dir;

    static Artifact jet;

    @BeforeAll
    static void build() throws Exception {
        jet = Builds.compile(Builds.jet(), "pynq-z2", 64, dir.resolve("repo/jet"));
    }

    private static double[] inputs(int count, long seed) {
        float[] f = Builds.gaussian(count, 16, seed);
        double[] d = new double[f.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static long[] expected(double[] x, int count) {
        return Emulator.of(jet.model()).run(x, count, 1).codes();
    }

    private static InferenceException failure(CompletableFuture<InferenceResult> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get(0, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (InferenceException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not failed");
    }

    @Test
    void concurrentRequestsAreBatchedAndEqualTheEmulator() throws Exception {
        GatedDevice device = new GatedDevice(jet);
        ServerConfig config = ServerConfig.defaults().withBatching(64, Duration.ofMillis(5), 4096);
        try (InferenceService service = InferenceService.of(Map.of("jet", device), config)) {
            device.close(true); // hold the first batch so that the others queue behind it
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            List<double[]> sent = new ArrayList<>();
            for (int r = 0; r < 300; r++) {
                int count = 1 + r % 5;
                double[] x = inputs(count, r);
                sent.add(x);
                futures.add(service.infer("jet", x, count, 0, "test"));
            }
            assertThat(device.awaitBatch()).isTrue();
            device.open();
            for (int r = 0; r < futures.size(); r++) {
                InferenceResult result = futures.get(r).get(10, TimeUnit.SECONDS);
                assertThat(result.codes()).as("request %d", r).isEqualTo(expected(sent.get(r), result.count()));
            }
            String metrics = new String(service.metrics().scrape(), StandardCharsets.UTF_8);
            assertThat(metrics).contains("hgq4j_requests_total{model=\"jet\",protocol=\"test\",status=\"ok\"} 300.0");
            double batches = metric(metrics, "hgq4j_batch_size_count{model=\"jet\"}");
            assertThat(batches).as("900 samples in batches of up to 64").isLessThan(100);
        }
    }

    @Test
    void overloadIsRefusedAtOnceAndEveryRequestGetsAnAnswer() throws Exception {
        GatedDevice device = new GatedDevice(jet);
        ServerConfig config = ServerConfig.defaults().withBatching(16, Duration.ZERO, 64);
        try (InferenceService service = InferenceService.of(Map.of("jet", device), config)) {
            device.close(true);
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            for (int r = 0; r < 400; r++) { // far beyond the 64 samples the queue holds while the device is held
                futures.add(service.infer("jet", inputs(1, r), 1, 0, "test"));
            }
            long refused = futures.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertThat(refused).isGreaterThan(300);
            for (CompletableFuture<InferenceResult> f : futures) {
                if (f.isCompletedExceptionally()) {
                    assertThat(failure(f).status()).isEqualTo(InferenceException.Status.UNAVAILABLE);
                    assertThat(failure(f).getMessage()).contains("overloaded");
                }
            }
            device.open();
            CompletableFuture.allOf(futures.stream().map(f -> f.exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(futures).allMatch(CompletableFuture::isDone);
            assertThat(futures.stream().filter(f -> !f.isCompletedExceptionally()).count()).isEqualTo(400 - refused);
        }
    }

    @Test
    void aDeviceErrorFailsItsBatchAndTheNextBatchRuns() throws Exception {
        GatedDevice device = new GatedDevice(jet);
        try (InferenceService service = InferenceService.of(Map.of("jet", device), ServerConfig.defaults())) {
            device.failNextBatch();
            CompletableFuture<InferenceResult> failed = service.infer("jet", inputs(3, 1), 3, 0, "test");
            InferenceException e = (InferenceException) failed.handle((r, t) -> t).get(10, TimeUnit.SECONDS);
            assertThat(e.status()).isEqualTo(InferenceException.Status.DEVICE_ERROR);
            assertThat(e.getMessage()).isEqualTo("device emulator failed the batch: AXI DMA axi_dma_0: injected slave error");
            double[] x = inputs(2, 2);
            assertThat(service.infer("jet", x, 2, 0, "test").get(10, TimeUnit.SECONDS).codes()).isEqualTo(expected(x, 2));
            assertThat(new String(service.metrics().scrape(), StandardCharsets.UTF_8))
                    .contains("hgq4j_device_errors_total{model=\"jet\"} 1.0")
                    .contains("status=\"device_error\"} 1.0");
        }
    }

    @Test
    void badRequestsAndPassedDeadlinesAreAnsweredWithTheirStatus() throws Exception {
        try (InferenceService service = InferenceService.of(Map.of("jet", new GatedDevice(jet)), ServerConfig.defaults())) {
            assertThat(failure(service.infer("nope", new double[16], 1, 0, "test")).status())
                    .isEqualTo(InferenceException.Status.NOT_FOUND);
            assertThat(failure(service.infer("jet", new double[15], 1, 0, "test")).getMessage())
                    .isEqualTo("15 input values for 1 samples of 16");
            double[] nan = new double[16];
            nan[4] = Double.NaN;
            assertThat(failure(service.infer("jet", nan, 1, 0, "test")).getMessage())
                    .isEqualTo("input value 4 is NaN; inputs must be finite numbers");
            CompletableFuture<InferenceResult> late = service.infer("jet", new double[16], 1, System.nanoTime() - 1, "t");
            InferenceException e = (InferenceException) late.handle((r, t) -> t).get(10, TimeUnit.SECONDS);
            assertThat(e.status()).isEqualTo(InferenceException.Status.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("deadline exceeded");
        }
    }

    @Test
    void closingFinishesWhatIsQueuedAndRefusesTheRest() throws Exception {
        GatedDevice device = new GatedDevice(jet);
        InferenceService service = InferenceService.of(Map.of("jet", device), ServerConfig.defaults());
        device.close(true);
        List<CompletableFuture<InferenceResult>> queued = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            queued.add(service.infer("jet", inputs(1, r), 1, 0, "test"));
        }
        assertThat(device.awaitBatch()).isTrue();
        Thread closer = new Thread(service::close);
        closer.start();
        while (service.ready()) {
            Thread.onSpinWait();
        }
        assertThat(failure(service.infer("jet", inputs(1, 99), 1, 0, "test")).getMessage())
                .isEqualTo("the server is shutting down");
        device.open();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        for (CompletableFuture<InferenceResult> f : queued) {
            assertThat(f.get(0, TimeUnit.SECONDS).count()).isEqualTo(1);
        }
    }

    @Test
    void theRepositoryServesWhatLoadsAndSaysWhyTheRestWasSkipped() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("broken"));
        Files.createDirectories(repo.resolve(".hidden"));
        List<String> log = new ArrayList<>();
        try (InferenceService service = InferenceService.load(repo, ServerConfig.defaults(), log::add)) {
            assertThat(service.models()).extracting(ServedModel::name).containsExactly("jet");
            assertThat(service.skipped()).containsOnlyKeys("broken", ".hidden");
            assertThat(service.skipped().get("broken")).endsWith("no build manifest here (generate one with hgq4j compile)");
            assertThat(log).anyMatch(l -> l.startsWith("model 'jet': device emulator"));
            assertThat(log).anyMatch(l -> l.startsWith("model 'broken' skipped: "));
            ServedModel m = service.model("jet").orElseThrow();
            assertThat(m.input().shape()).containsExactly(-1, 16);
            assertThat(m.output().shape()).containsExactly(-1, 5);
            assertThat(m.output().datatype()).isEqualTo("FP32");
            assertThat(service.ready()).isTrue();
        }
        assertThatThrownBy(() -> InferenceService.load(dir.resolve("none"), ServerConfig.defaults(), l -> { }))
                .hasMessageContaining("not a folder");
    }

    private static double metric(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(
                series.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(series + " missing in\n"
                + text));
    }
}
