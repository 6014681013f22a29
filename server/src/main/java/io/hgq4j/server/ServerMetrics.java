package io.hgq4j.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The server's metrics, in the Prometheus text format on {@code GET /metrics}: requests by model, protocol and status,
 * request latency and batch size histograms per model, queue depth per model, device errors per model.
 */
public final class ServerMetrics {

    /** Latency buckets from 10 µs to 1 s: the range between a warm emulator and a stuck device. */
    private static final double[] LATENCY_SECONDS = {1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2,
        2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1};
    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Histogram batchSize;
    private final Counter deviceErrors;
    private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

    /** Metrics whose queue depths are read from {@code models} at each scrape. */
    public ServerMetrics(Supplier<Collection<ServedModel>> models) {
        requests = Counter.builder().name("hgq4j_requests").help("Inference requests by model, protocol and status")
                .labelNames("model", "protocol", "status").register(registry);
        latency = Histogram.builder().name("hgq4j_request_latency_seconds")
                .help("Time from a request's arrival at the batcher to its result").labelNames("model")
                .classicOnly().classicUpperBounds(LATENCY_SECONDS).register(registry);
        batchSize = Histogram.builder().name("hgq4j_batch_size").help("Samples per device batch").labelNames("model")
                .classicOnly().classicUpperBounds(BATCH_SIZES).register(registry);
        deviceErrors = Counter.builder().name("hgq4j_device_errors").help("Device batches that failed")
                .labelNames("model").register(registry);
        GaugeWithCallback.builder().name("hgq4j_queue_depth").help("Samples waiting for the device")
                .labelNames("model").callback(cb -> {
                    for (ServedModel m : models.get()) {
                        cb.call(m.batcher().queuedSamples(), m.name());
                    }
                }).register(registry);
    }

    /** Counts a finished request; {@code status} is {@code ok} or an {@link InferenceException.Status#label()}. */
    public void request(String model, String protocol, String status) {
        requests.labelValues(model, protocol, status).inc();
    }

    /** Records a request's latency. */
    void latency(String model, long nanos) {
        latency.labelValues(model).observe(nanos / 1e9);
    }

    /** Records the size of a device batch. */
    void batch(String model, int samples) {
        batchSize.labelValues(model).observe(samples);
    }

    /** Counts a failed device batch. */
    void deviceError(String model) {
        deviceErrors.labelValues(model).inc();
    }

    /** The metrics in the Prometheus text exposition format (version 0.0.4). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return writer.getContentType();
    }
}
