package io.hgq4j.server.binary;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.runtime.Builds;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.LeakWatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and bit-flipped frames against a real server, with Netty's leak detector at PARANOID: the server
 * answers every intact frame with a well-formed response, closes on garbage, never hangs (every read has a 10 s
 * timeout), leaks no buffer, and still answers a valid request afterwards.
 */
class BinaryFuzzTest {

    static final int MAX_BYTES = 4096;
    static InferenceServer server;
    static int port;

    @BeforeAll
    static void start() {
        LeakWatch.install();
        server = Fixtures.server(Fixtures.config().withLimits(MAX_BYTES, 4096, Duration.ofSeconds(60),
                Duration.ofSeconds(10)));
        port = server.port("binary");
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            LeakWatch.uninstall();
        }
    }

    @AfterEach
    void stillServesAndLeaksNothing() throws Exception {
        try (BinaryClient client = BinaryClient.connect("127.0.0.1", port)) {
            float[] in = Builds.gaussian(2, 16, 4);
            BinaryResponse r = client.inferSync("jet", in, 2, Duration.ofSeconds(10));
            assertThat(r.values()).containsExactly(Fixtures.expected(Fixtures.jet(), Fixtures.wide(in), 2));
        }
        LeakWatch.assertNoLeaks();
    }

    private static byte[] validFrame(Random random) {
        long id = random.nextLong();
        switch (random.nextInt(4)) {
            case 0:
                return Frames.metadata(id, random.nextBoolean() ? "jet" : "mlp");
            case 1: {
                double[] in = new double[16];
                for (int i = 0; i < in.length; i++) {
                    in[i] = random.nextGaussian();
                }
                return Frames.inferFp64(id, "jet", 1, in);
            }
            default: {
                int count = 1 + random.nextInt(3);
                return Frames.infer(id, "jet", count, Builds.gaussian(count, 16, random.nextLong()));
            }
        }
    }

    private static void checkWellFormed(RawConnection.Response r) {
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.status()).isBetween(0, 5);
        if (r.status() == 0) {
            assertThat(r.type()).isIn(1, 2);
            if (r.type() == 1) {
                ByteBuffer b = r.body();
                int dtype = b.get();
                int count = b.getInt();
                int per = b.getInt();
                assertThat(b.remaining()).isEqualTo(count * per * BinaryProtocol.width(dtype));
            }
        } else {
            assertThat(r.message()).isNotEmpty();
        }
    }

    @Test
    void bitFlipsOfValidFramesAreEachAnsweredOnOneConnection() throws IOException {
        Random random = new Random(2024);
        int frames = 3000;
        int answered = 0;
        int ok = 0;
        try (RawConnection raw = new RawConnection(port)) {
            for (int batch = 0; batch < frames / 100; batch++) {
                for (int i = 0; i < 100; i++) {
                    byte[] frame = validFrame(random);
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        int bit = 32 + random.nextInt((frame.length - 4) * 8); // the length prefix stays intact
                        frame[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                    raw.send(frame);
                }
                for (int i = 0; i < 100; i++) {
                    RawConnection.Response r = raw.read();
                    assertThat(r).as("an answer to every intact frame").isNotNull();
                    checkWellFormed(r);
                    answered++;
                    ok += r.status() == 0 ? 1 : 0;
                }
            }
            raw.send(Frames.metadata(77, "jet"));
            RawConnection.Response last = raw.read();
            assertThat(last.id()).isEqualTo(77);
            assertThat(last.status()).isZero();
        }
        assertThat(answered).isEqualTo(frames);
        assertThat(ok).as("some flips only touch values or ids").isPositive().isLessThan(frames);
    }

    @Test
    void randomBytesAndTruncatedFramesNeverCrashOrHang() throws IOException {
        Random random = new Random(7);
        int[] kinds = new int[6];
        for (int i = 0; i < 1500; i++) {
            int kind = random.nextInt(6);
            kinds[kind]++;
            byte[] bytes = switch (kind) {
                case 0 -> randomBytes(random, 1 + random.nextInt(300));
                case 1 -> {
                    byte[] valid = validFrame(random);
                    yield Arrays.copyOf(valid, random.nextInt(valid.length)); // truncated
                }
                case 2 -> { // a plausible length, random contents, maybe fewer bytes than declared
                    int length = random.nextInt(MAX_BYTES + 1);
                    byte[] payload = randomBytes(random, random.nextBoolean() ? length : random.nextInt(length + 1));
                    ByteBuffer b = ByteBuffer.allocate(4 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
                    yield b.putInt(length).put(payload).array();
                }
                case 3 -> { // oversized, version 1, body cut short
                    ByteBuffer b = ByteBuffer.allocate(4 + 10 + random.nextInt(200)).order(ByteOrder.LITTLE_ENDIAN);
                    b.putInt(MAX_BYTES + 1 + random.nextInt(1 << 20)).put((byte) 1).put((byte) 1)
                            .putLong(random.nextLong());
                    yield b.array();
                }
                case 4 -> { // valid frames then garbage
                    byte[] a = validFrame(random);
                    byte[] g = randomBytes(random, 1 + random.nextInt(64));
                    byte[] both = Arrays.copyOf(a, a.length + g.length);
                    System.arraycopy(g, 0, both, a.length, g.length);
                    yield both;
                }
                default -> { // a valid frame with random bytes overwritten, prefix included
                    byte[] v = validFrame(random);
                    for (int k = 0; k < 1 + random.nextInt(6); k++) {
                        v[random.nextInt(v.length)] = (byte) random.nextInt(256);
                    }
                    yield v;
                }
            };
            try (RawConnection raw = new RawConnection(port)) {
                raw.send(bytes);
                raw.shutdownOutput(); // the server sees the end of the stream and closes: read until it has
                for (RawConnection.Response r = raw.read(); r != null; r = raw.read()) {
                    checkWellFormed(r);
                }
            }
        }
        assertThat(kinds).doesNotContain(0);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
