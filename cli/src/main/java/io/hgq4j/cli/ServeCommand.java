package io.hgq4j.cli;

import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ServerConfig;
import io.hgq4j.server.binary.BinaryFrontEnd;
import io.hgq4j.server.http.OipFrontEnd;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hgq4j serve MODELS_DIR}: serves every compiled model of a folder until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve every compiled model in a folder (one build folder of hgq4j compile per model) over the",
            "Open Inference Protocol (HTTP, KServe v2) and hgq4j's binary protocol, with dynamic batching and",
            "Prometheus metrics on /metrics. Ctrl-C stops accepting, finishes the requests in flight, then exits."})
final class ServeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODELS_DIR", description = "The model repository: one sub-folder per model.")
    Path repository;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8000", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--binary-port", paramLabel = "P", defaultValue = "8001",
            description = "Binary protocol port, -1 for none (default: ${DEFAULT-VALUE}).")
    int binaryPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the devices to the network).")
    String bind;

    @Option(names = "--device", paramLabel = "KIND", defaultValue = "auto",
            description = "auto, xrt, zynq, zynq-emulated or emulator (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "64",
            description = "Most samples per device batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-queue-delay-us", paramLabel = "US", defaultValue = "0",
            description = "How long a batch waits for more requests, µs (default: ${DEFAULT-VALUE}: it takes what queued"
                    + " while the device was busy).")
    long maxQueueDelayUs;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "4096",
            description = "Most samples queued per model before requests are refused with 503 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--deadline-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Default deadline of a request (default: ${DEFAULT-VALUE}).")
    long deadlineMs;

    @Option(names = "--max-request-bytes", paramLabel = "B", defaultValue = "16777216",
            description = "Largest request (default: ${DEFAULT-VALUE}).")
    int maxRequestBytes;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
            description = "Most open connections per port (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--idle-timeout-s", paramLabel = "S", defaultValue = "60",
            description = "Close connections idle this long (default: ${DEFAULT-VALUE}).")
    long idleTimeoutS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ServerConfig config = ServerConfig.defaults().withPorts(port, binaryPort).withBind(bind)
                .withBatching(maxBatch, Duration.ofNanos(maxQueueDelayUs * 1000), queue)
                .withLimits(maxRequestBytes, maxConnections, Duration.ofSeconds(idleTimeoutS), Duration.ofMillis(deadlineMs));
        config = config.withDevice(config.device().withKind(device.equals("auto") ? null : DeviceKind.parse(device)));
        InferenceService service = InferenceService.load(repository, config, line -> {
            out.println(line);
            out.flush();
        });
        if (service.models().isEmpty()) {
            service.close();
            throw new IllegalArgumentException(repository + ": no model could be loaded (see the lines above)");
        }
        InferenceServer server;
        try {
            server = InferenceServer.start(service, List.of(new OipFrontEnd(), new BinaryFrontEnd()), line -> {
                out.println(line);
                out.flush();
            });
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.println("stopped: no longer accepting; the requests in flight were answered");
            out.flush();
            stopped.countDown();
        }, "hgq4j-serve-shutdown"));
        stopped.await();
        return 0;
    }
}
