package io.hgq4j.server;

import io.hgq4j.runtime.DeviceOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server listens, batches and protects itself.
 *
 * @param bind               the address both ports bind to (loopback by default: exposing a device is a decision)
 * @param httpPort           Open Inference Protocol over HTTP/1.1 (0: any free port)
 * @param binaryPort         the length-prefixed binary protocol (0: any free port; −1: off)
 * @param maxBatch           the most samples one device batch takes
 * @param maxQueueDelay      how long the first request of a batch waits for more to join it
 * @param queueCapacity      the most samples waiting per model; beyond, requests are refused with 503 at once
 * @param defaultDeadline    how long a request may wait and run when it names no deadline of its own
 * @param maxRequestBytes    the largest request body or frame (413 beyond)
 * @param maxConnections     the most open connections per port (new ones are closed at once beyond)
 * @param idleTimeout        a connection with no traffic for this long is closed
 * @param nativeTransport    use epoll where available (NIO otherwise, or when false)
 * @param device             how each model's device is opened
 */
public record ServerConfig(String bind, int httpPort, int binaryPort, int maxBatch, Duration maxQueueDelay,
                           int queueCapacity, Duration defaultDeadline, int maxRequestBytes, int maxConnections,
                           Duration idleTimeout, boolean nativeTransport, DeviceOptions device) {

    /** Checks the values. */
    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(device, "device");
        check(httpPort >= 0 && httpPort <= 65535, "port " + httpPort + ": expected 0..65535");
        check(binaryPort >= -1 && binaryPort <= 65535, "binary port " + binaryPort + ": expected -1 (off) or 0..65535");
        check(maxBatch >= 1, "max batch " + maxBatch + ": expected at least 1");
        check(!maxQueueDelay.isNegative(), "max queue delay " + maxQueueDelay + ": expected 0 or more");
        check(queueCapacity >= maxBatch, "queue capacity " + queueCapacity + ": expected at least the max batch "
                + maxBatch);
        check(defaultDeadline.compareTo(Duration.ZERO) > 0, "deadline " + defaultDeadline + ": expected more than 0");
        check(maxRequestBytes >= 1024, "max request size " + maxRequestBytes + " bytes: expected at least 1024");
        check(maxConnections >= 1, "max connections " + maxConnections + ": expected at least 1");
        check(idleTimeout.compareTo(Duration.ZERO) > 0, "idle timeout " + idleTimeout + ": expected more than 0");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Loopback, ports 8000 and 8001, batches of up to 64 samples with no queue delay (a batch takes what queued while
     * the device was busy, as Triton's default), 4,096 samples queued per model, 1 s deadline, 16 MiB requests, 1,024
     * connections, 60 s idle timeout, epoll where available.
     */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8000, 8001, 64, Duration.ZERO, 4096, Duration.ofSeconds(1),
                16 << 20, 1024, Duration.ofSeconds(60), true, DeviceOptions.defaults());
    }

    /** These settings on other ports. */
    public ServerConfig withPorts(int http, int binary) {
        return new ServerConfig(bind, http, binary, maxBatch, maxQueueDelay, queueCapacity, defaultDeadline,
                maxRequestBytes, maxConnections, idleTimeout, nativeTransport, device);
    }

    /** These settings with other batching. */
    public ServerConfig withBatching(int batch, Duration delay, int capacity) {
        return new ServerConfig(bind, httpPort, binaryPort, batch, delay, capacity, defaultDeadline, maxRequestBytes,
                maxConnections, idleTimeout, nativeTransport, device);
    }

    /** These settings with other limits. */
    public ServerConfig withLimits(int requestBytes, int connections, Duration idle, Duration deadline) {
        return new ServerConfig(bind, httpPort, binaryPort, maxBatch, maxQueueDelay, queueCapacity, deadline,
                requestBytes, connections, idle, nativeTransport, device);
    }

    /** These settings with another bind address. */
    public ServerConfig withBind(String address) {
        return new ServerConfig(address, httpPort, binaryPort, maxBatch, maxQueueDelay, queueCapacity, defaultDeadline,
                maxRequestBytes, maxConnections, idleTimeout, nativeTransport, device);
    }

    /** These settings with other device options. */
    public ServerConfig withDevice(DeviceOptions options) {
        return new ServerConfig(bind, httpPort, binaryPort, maxBatch, maxQueueDelay, queueCapacity, defaultDeadline,
                maxRequestBytes, maxConnections, idleTimeout, nativeTransport, options);
    }

    /** These settings with the native transport allowed or not. */
    public ServerConfig withNativeTransport(boolean allowed) {
        return new ServerConfig(bind, httpPort, binaryPort, maxBatch, maxQueueDelay, queueCapacity, defaultDeadline,
                maxRequestBytes, maxConnections, idleTimeout, allowed, device);
    }
}
