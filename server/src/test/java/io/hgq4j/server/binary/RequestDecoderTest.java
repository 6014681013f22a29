package io.hgq4j.server.binary;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.server.InferenceException.Status;
import io.hgq4j.server.InferenceService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The frame and request decoders on an {@link EmbeddedChannel}: every field checked, every buffer released. */
class RequestDecoderTest {

    static final int MAX = 4096;
    static InferenceService service;
    EmbeddedChannel channel;
    final List<ByteBuf> sent = new ArrayList<>();

    @BeforeAll
    static void load() {
        service = Fixtures.service(Fixtures.config().withLimits(MAX, 16, java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(1)));
    }

    @AfterAll
    static void unload() {
        service.close();
    }

    @BeforeEach
    void open() {
        channel = new EmbeddedChannel(new FrameDecoder(MAX), new RequestDecoder(service));
    }

    @AfterEach
    void released() {
        channel.finishAndReleaseAll();
        for (ByteBuf b : sent) {
            assertThat(b.refCnt()).as("every inbound buffer released").isZero();
        }
    }

    private void send(byte[] bytes) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        sent.add(b);
        channel.writeInbound(b);
    }

    private Messages.Request one(byte[] frame) {
        send(frame);
        Messages.Request r = channel.readInbound();
        assertThat(r).isNotNull();
        assertThat((Object) channel.readInbound()).isNull();
        return r;
    }

    private Messages.Rejected rejected(byte[] frame, Status status, long id) {
        Messages.Request r = one(frame);
        assertThat(r).isInstanceOf(Messages.Rejected.class);
        Messages.Rejected rejected = (Messages.Rejected) r;
        assertThat(rejected.status()).isEqualTo(status);
        assertThat(rejected.id()).isEqualTo(id);
        assertThat(channel.isOpen()).isTrue();
        return rejected;
    }

    private static float[] inputs(int count) {
        return io.hgq4j.runtime.Builds.gaussian(count, 16, 3);
    }

    @Test
    void aValidInferRequestIsReadIntoDoubles() {
        float[] in = inputs(2);
        Messages.Infer infer = (Messages.Infer) one(Frames.infer(42, "jet", 2, in));
        assertThat(infer.id()).isEqualTo(42);
        assertThat(infer.model()).isEqualTo("jet");
        assertThat(infer.count()).isEqualTo(2);
        assertThat(infer.inputs()).containsExactly(Fixtures.wide(in));
        assertThat(infer.deadline()).isZero();
    }

    @Test
    void fp64InputsAndADeadlineAreRead() {
        double[] in = Fixtures.wide(inputs(1));
        in[0] = 0.1; // not a float
        byte[] frame = Frames.inferRaw(1, 1, 7, "jet".getBytes(StandardCharsets.UTF_8), 2, 1, 500, 16 * 8, b -> {
            for (double v : in) {
                b.putDouble(v);
            }
        });
        long before = System.nanoTime();
        Messages.Infer infer = (Messages.Infer) one(frame);
        assertThat(infer.inputs()).containsExactly(in);
        assertThat(infer.deadline() - before).isBetween(500_000L, 500_000L + 1_000_000_000L);
    }

    @Test
    void aFrameSplitIntoSingleBytesIsReassembled() {
        byte[] frame = Frames.infer(9, "jet", 1, inputs(1));
        for (byte b : frame) {
            send(new byte[] {b});
        }
        Messages.Infer infer = channel.readInbound();
        assertThat(infer.id()).isEqualTo(9);
    }

    @Test
    void metadataOfAServedModel() {
        Messages.Metadata m = (Messages.Metadata) one(Frames.metadata(5, "mlp"));
        assertThat(m.model().name()).isEqualTo("mlp");
        assertThat(m.id()).isEqualTo(5);
    }

    @Test
    void aFrameShorterThanTheHeaderIsAnsweredWithIdZero() {
        assertThat(rejected(Frames.frame(new byte[] {1, 1, 3}), Status.BAD_REQUEST, 0).message())
                .contains("3 bytes", "10-byte request header");
        rejected(Frames.frame(new byte[0]), Status.BAD_REQUEST, 0);
    }

    @Test
    void anUnknownVersionOrTypeIsABadRequestWithTheId() {
        assertThat(rejected(Frames.infer(2, 1, 11, "jet", 1, inputs(1)), Status.BAD_REQUEST, 11).message())
                .contains("version 2");
        Messages.Rejected type = rejected(Frames.infer(1, 9, 12, "jet", 1, inputs(1)), Status.BAD_REQUEST, 12);
        assertThat(type.message()).contains("type 9");
        assertThat(type.type()).isEqualTo(BinaryProtocol.TYPE_UNKNOWN);
    }

    @Test
    void badNamesAreBadRequests() {
        assertThat(rejected(Frames.infer(13, "", 1, inputs(1)), Status.BAD_REQUEST, 13).message())
                .contains("0 bytes");
        assertThat(rejected(Frames.infer(14, "x".repeat(65), 1, inputs(1)), Status.BAD_REQUEST, 14).message())
                .contains("65 bytes");
        assertThat(rejected(Frames.infer(15, "../etc", 1, inputs(1)), Status.BAD_REQUEST, 15).message())
                .contains("not valid");
        assertThat(rejected(Frames.metadata(16, "é"), Status.BAD_REQUEST, 16).message()).contains("not valid");
        // a name length running past the end of the frame
        byte[] frame = Frames.metadata(17, "jet");
        frame[14] = 40;
        assertThat(rejected(frame, Status.BAD_REQUEST, 17).message()).contains("inside the 40-byte model name");
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThat(rejected(Frames.infer(18, "nope", 1, inputs(1)), Status.NOT_FOUND, 18).message())
                .contains("'nope'", "jet", "mlp");
        rejected(Frames.metadata(19, "nope"), Status.NOT_FOUND, 19);
    }

    @Test
    void countZeroAndUnknownDatatypesAreBadRequests() {
        assertThat(rejected(Frames.infer(20, "jet", 0, new float[0]), Status.BAD_REQUEST, 20).message())
                .contains("count is 0");
        byte[] dtype = Frames.inferRaw(1, 1, 21, "jet".getBytes(StandardCharsets.UTF_8), 3, 1, 0, 64, b -> { });
        assertThat(rejected(dtype, Status.BAD_REQUEST, 21).message()).contains("datatype 3");
    }

    @Test
    void payloadSizesMustMatchCountTimesInputSize() {
        assertThat(rejected(Frames.infer(22, "jet", 2, inputs(1)), Status.BAD_REQUEST, 22).message())
                .contains("64 bytes of inputs", "2 samples of 16 FP32 values take 128 bytes");
        rejected(Frames.withTrailing(Frames.infer(23, "jet", 1, inputs(1)), 1), Status.BAD_REQUEST, 23);
        rejected(Frames.withTrailing(Frames.metadata(24, "jet"), 3), Status.BAD_REQUEST, 24);
        // a count whose byte size overflows 32 bits
        byte[] huge = Frames.inferRaw(1, 1, 25, "jet".getBytes(StandardCharsets.UTF_8), 1, -1, 0, 64, b -> { });
        assertThat(rejected(huge, Status.BAD_REQUEST, 25).message()).contains("4294967295 samples");
        // header cut before the count
        byte[] cut = Frames.frame(java.util.Arrays.copyOfRange(Frames.infer(26, "jet", 1, inputs(1)), 4, 4 + 17));
        assertThat(rejected(cut, Status.BAD_REQUEST, 26).message()).contains("before the datatype");
    }

    @Test
    void anOversizedFrameIsAnsweredTooLargeAndSkippedAsItArrives() {
        int count = MAX / 64 + 1;
        byte[] big = Frames.infer(27, "jet", count, inputs(count));
        // first chunk: prefix and header only
        send(java.util.Arrays.copyOfRange(big, 0, 14));
        Messages.Rejected r = channel.readInbound();
        assertThat(r.status()).isEqualTo(Status.TOO_LARGE);
        assertThat(r.id()).isEqualTo(27);
        assertThat(r.message()).contains("exceeds the limit of 4096 bytes");
        // the rest, in pieces, then a valid frame in the same chunk as the tail
        send(java.util.Arrays.copyOfRange(big, 14, 2000));
        byte[] next = Frames.metadata(28, "jet");
        byte[] tail = new byte[big.length - 2000 + next.length];
        System.arraycopy(big, 2000, tail, 0, big.length - 2000);
        System.arraycopy(next, 0, tail, big.length - 2000, next.length);
        send(tail);
        Messages.Metadata m = channel.readInbound();
        assertThat(m.id()).isEqualTo(28);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aLengthOfTwoToThe31OrMoreClosesTheConnection() {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(0x8000_0000);
        send(b.array());
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anOversizedFrameOfAnotherVersionClosesTheConnection() {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(MAX + 1).put((byte) 7);
        send(b.array());
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aFrameAtTheLimitIsRead() {
        byte[] payload = new byte[MAX];
        payload[0] = 1;
        payload[1] = 1;
        assertThat(rejected(Frames.frame(payload), Status.BAD_REQUEST, 0).message()).contains("0 bytes; expected 1");
    }
}
