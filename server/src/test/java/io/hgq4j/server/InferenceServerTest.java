package io.hgq4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Builds;
import io.hgq4j.server.binary.BinaryClient;
import io.hgq4j.server.binary.BinaryFrontEnd;
import io.hgq4j.server.http.OipFrontEnd;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network limits every front end gets: connections per port, idle timeout, the bind address, a port in use. */
class InferenceServerTest {

    @TempDir
    static Path dir;

    static Artifact jet;

    @BeforeAll
    static void build() throws Exception {
        jet = Builds.compile(Builds.jet(), "pynq-z2", 64, dir);
    }

    private static InferenceServer start(ServerConfig config) {
        InferenceService service = InferenceService.of(Map.of("jet", new GatedDevice(jet)), config);
        return InferenceServer.start(service, List.of(new OipFrontEnd(), new BinaryFrontEnd()), line -> { });
    }

    /** Whether the server closed the connection: a read returns end-of-stream (within the socket's timeout). */
    private static boolean closedByServer(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        return in.read() == -1;
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndTheOthersServe() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPorts(0, 0).withLimits(1 << 20, 2, Duration.ofSeconds(60),
                Duration.ofSeconds(1));
        try (InferenceServer server = start(config)) {
            int port = server.port("binary");
            List<BinaryClient> clients = new ArrayList<>();
            try {
                clients.add(BinaryClient.connect("127.0.0.1", port));
                clients.add(BinaryClient.connect("127.0.0.1", port));
                try (Socket third = new Socket("127.0.0.1", port)) {
                    assertThat(closedByServer(third)).isTrue();
                }
                for (BinaryClient c : clients) {
                    assertThat(c.inferSync("jet", new float[16], 1, Duration.ofSeconds(10)).count()).isEqualTo(1);
                }
            } finally {
                clients.forEach(BinaryClient::close);
            }
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPorts(0, 0).withLimits(1 << 20, 16, Duration.ofMillis(200),
                Duration.ofSeconds(1));
        try (InferenceServer server = start(config); Socket idle = new Socket("127.0.0.1", server.port("http"))) {
            assertThat(closedByServer(idle)).isTrue();
        }
    }

    @Test
    void itListensOnLoopbackByDefaultAndSaysWhichPortIsTaken() throws Exception {
        assertThat(ServerConfig.defaults().bind()).isEqualTo("127.0.0.1");
        try (InferenceServer server = start(ServerConfig.defaults().withPorts(0, 0))) {
            assertThat(server.transport()).isIn("epoll", "nio");
            int taken = server.port("http");
            try (InferenceService second = InferenceService.of(Map.of("jet", new GatedDevice(jet)),
                    ServerConfig.defaults().withPorts(taken, 0))) {
                assertThatThrownBy(() -> InferenceServer.start(second, List.of(new OipFrontEnd()), line -> { }))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("http port 127.0.0.1:" + taken + ": ");
            }
        }
    }
}
