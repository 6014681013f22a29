/**
 * The inference server: {@link io.hgq4j.server.InferenceService} loads a model repository (one build folder per
 * model) and batches each model's requests on its device (one {@code Batcher} per model); {@link
 * io.hgq4j.server.InferenceServer} puts {@link io.hgq4j.server.FrontEnd}s on Netty ports — the Open Inference Protocol
 * over HTTP ({@code io.hgq4j.server.http}) and the binary protocol ({@code io.hgq4j.server.binary}) — with a
 * connection limit, an idle timeout and a graceful close; {@link io.hgq4j.server.ServerMetrics} exposes Prometheus
 * metrics.
 */
package io.hgq4j.server;
