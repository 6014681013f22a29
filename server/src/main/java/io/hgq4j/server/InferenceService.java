package io.hgq4j.server;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The models a server serves and the one entry point both protocols call: {@link #infer} validates a request, queues
 * it with its model's batcher and returns a future that completes on the batcher's thread — it never blocks the
 * caller. Loaded from a model repository: one sub-folder per model (a build folder of {@code hgq4j compile}), loaded
 * at start; a folder that fails to load is reported and skipped, the rest are served.
 */
public final class InferenceService implements AutoCloseable {

    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final ServerConfig config;
    private final ServerMetrics metrics;
    private volatile boolean closing;

    private InferenceService(ServerConfig config) {
        this.config = config;
        this.metrics = new ServerMetrics(() -> models.values());
    }

    /**
     * Loads every sub-folder of {@code repository} as a model named after it, on the device {@code config} asks
     * for, logging one line per model (served, or skipped and why).
     *
     * @throws IOException if the repository folder cannot be listed
     */
    public static InferenceService load(Path repository, ServerConfig config, Consumer<String> log) throws IOException {
        if (!Files.isDirectory(repository)) {
            throw new IllegalArgumentException(repository + ": not a folder (a model repository holds one build"
                    + " folder of hgq4j compile per model)");
        }
        InferenceService service = new InferenceService(config);
        List<Path> folders;
        try (Stream<Path> list = Files.list(repository)) {
            folders = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            if (!ModelName.isValid(name)) {
                service.skip(log, name, "not a valid model name (1-64 of letters, digits, '_', '.', '-')");
                continue;
            }
            try {
                Artifact artifact = Artifact.open(folder);
                Device device = Devices.standard().open(artifact, config.device().withLog(line ->
                        log.accept("model '" + name + "': " + line)));
                service.add(name, device);
            } catch (IOException | RuntimeException e) {
                service.skip(log, name, e.getMessage());
            }
        }
        return service;
    }

    /** A service over devices already open (for tests and embedding), named by the map's keys. */
    public static InferenceService of(Map<String, Device> devices, ServerConfig config) {
        InferenceService service = new InferenceService(config);
        devices.forEach((name, device) -> {
            if (!ModelName.isValid(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a valid model name");
            }
            service.add(name, device);
        });
        return service;
    }

    private void add(String name, Device device) {
        try {
            models.put(name, new ServedModel(name, device, config, metrics));
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    private void skip(Consumer<String> log, String name, String reason) {
        skipped.put(name, reason);
        log.accept("model '" + name + "' skipped: " + reason);
    }

    /** The models served, in name order. */
    public Collection<ServedModel> models() {
        return Collections.unmodifiableCollection(models.values());
    }

    /** The model named {@code name}, if served. */
    public Optional<ServedModel> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The folders that failed to load, with the reason. */
    public Map<String, String> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    /** The settings. */
    public ServerConfig config() {
        return config;
    }

    /** The metrics. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** Whether the server is up (it answers); true until shutdown completes. */
    public boolean live() {
        return true;
    }

    /** Whether it takes inference requests: not shutting down, and every model ready. */
    public boolean ready() {
        return !closing && models.values().stream().allMatch(ServedModel::ready);
    }

    /**
     * Queues {@code count} samples ({@code count × inputs} values, sample after sample) for {@code model}.
     *
     * @param deadline  the {@link System#nanoTime()} by which the result must be ready, or 0 for the default
     * @param protocol  {@code http} or {@code binary}, for the metrics
     * @return the result; fails with an {@link InferenceException} (never throws)
     */
    public CompletableFuture<InferenceResult> infer(String model, double[] inputs, int count, long deadline,
                                                    String protocol) {
        CompletableFuture<InferenceResult> result = new CompletableFuture<>();
        if (closing) { // the batchers close one after another; none may take a request once closing has begun
            metrics.request(ModelName.isValid(model) ? model : "(invalid)", protocol,
                    InferenceException.Status.UNAVAILABLE.label());
            result.completeExceptionally(new InferenceException(InferenceException.Status.UNAVAILABLE,
                    "the server is shutting down"));
            return result;
        }
        ServedModel served = models.get(model);
        if (served == null) {
            metrics.request(ModelName.isValid(model) ? model : "(invalid)", protocol,
                    InferenceException.Status.NOT_FOUND.label());
            result.completeExceptionally(new InferenceException(InferenceException.Status.NOT_FOUND,
                    "unknown model '" + abbreviate(model) + "'; served: " + String.join(", ", models.keySet())));
            return result;
        }
        int n = served.codec().inputSize();
        String problem = null;
        if (count < 1) {
            problem = "a request needs at least one sample";
        } else if (inputs.length != (long) count * n) {
            problem = inputs.length + " input values for " + count + " samples of " + n;
        } else {
            for (int i = 0; i < inputs.length; i++) {
                if (!Double.isFinite(inputs[i])) {
                    problem = "input value " + i + " is " + inputs[i] + "; inputs must be finite numbers";
                    break;
                }
            }
        }
        if (problem != null) {
            metrics.request(model, protocol, InferenceException.Status.BAD_REQUEST.label());
            result.completeExceptionally(new InferenceException(InferenceException.Status.BAD_REQUEST, problem));
            return result;
        }
        long now = System.nanoTime();
        long due = deadline != 0 ? deadline : now + config.defaultDeadline().toNanos();
        served.batcher().submit(new Batcher.Request(inputs, count, now, due, protocol, result));
        return result;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /** Graceful: refuses new requests, finishes the queued ones, then releases the devices. */
    @Override
    public void close() {
        closing = true;
        List<ServedModel> all = new ArrayList<>(models.values());
        for (ServedModel m : all) {
            m.close();
        }
    }
}
