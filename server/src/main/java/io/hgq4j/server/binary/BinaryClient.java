package io.hgq4j.server.binary;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the binary protocol over one TCP connection. Requests are pipelined: each gets an id, any number may
 * be in flight, and answers (which may come back in any order) complete the matching future. A request the server
 * refuses completes exceptionally with a {@link BinaryException} carrying the status and the server's message; when
 * the connection fails or closes, every pending request fails with a {@link BinaryException} whose
 * {@link BinaryException#connectionFailure()} is true.
 *
 * <p>Futures complete on the client's event loop thread: do not block in their callbacks. Thread safe. Per request
 * the hot path allocates the future, one pooled buffer for the frame and the result's value array.
 *
 * <pre>{@code
 * try (BinaryClient client = BinaryClient.connect("localhost", 8001)) {
 *     BinaryResponse r = client.inferSync("jet", inputs, 1, Duration.ofSeconds(1));
 *     double score = r.value(0, 2);
 * }
 * }</pre>
 */
public final class BinaryClient implements AutoCloseable {

    /** The status code of a {@link BinaryException} thrown when a synchronous call timed out. */
    public static final int TIMEOUT = -2;

    private static final int MAX_RESPONSE_BYTES = Integer.MAX_VALUE - 8;
    private static final long MAX_DEADLINE_MICROS = 0xFFFF_FFFFL;

    private final EventLoopGroup ownGroup;
    private final String address;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<BinaryResponse>> inferring = new ConcurrentHashMap<>();
    private final Map<Long, MetadataCall> describing = new ConcurrentHashMap<>();
    private final Map<String, byte[]> names = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private volatile BinaryException closed;
    private volatile Throwable failure;

    private record MetadataCall(String model, CompletableFuture<BinaryModelMetadata> future) {
    }

    private BinaryClient(EventLoopGroup ownGroup, String address) {
        this.ownGroup = ownGroup;
        this.address = address;
    }

    /**
     * A group of event loops of the transport {@link #connect(String, int, EventLoopGroup)} uses (epoll where
     * available, NIO otherwise), for many clients to share; the caller shuts it down.
     */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, io);
    }

    /**
     * Connects to a server's binary port on an event loop thread of its own (closed with the client).
     *
     * @throws IOException if the connection cannot be made
     */
    public static BinaryClient connect(String host, int port) throws IOException {
        EventLoopGroup group = newEventLoopGroup(1);
        try {
            return connect(host, port, group, group);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Connects on a shared group from {@link #newEventLoopGroup(int)}; closing the client leaves the group running.
     *
     * @throws IOException if the connection cannot be made
     */
    public static BinaryClient connect(String host, int port, EventLoopGroup group) throws IOException {
        return connect(host, port, group, null);
    }

    private static BinaryClient connect(String host, int port, EventLoopGroup group, EventLoopGroup own)
            throws IOException {
        BinaryClient client = new BinaryClient(own, host + ":" + port);
        Bootstrap b = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("frame", new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN,
                                MAX_RESPONSE_BYTES, 0, BinaryProtocol.LENGTH_FIELD_BYTES, 0,
                                BinaryProtocol.LENGTH_FIELD_BYTES, true));
                        ch.pipeline().addLast("response", client.new ResponseHandler());
                    }
                });
        ChannelFuture connected = b.connect(host, port).awaitUninterruptibly();
        if (!connected.isSuccess()) {
            throw new IOException("cannot connect to the binary port " + client.address + ": "
                    + connected.cause().getMessage(), connected.cause());
        }
        client.channel = connected.channel();
        return client;
    }

    /** Runs {@code count} samples of FP32 inputs (sample after sample) with the server's default deadline. */
    public CompletableFuture<BinaryResponse> infer(String model, float[] inputs, int count) {
        return infer(model, inputs, count, null);
    }

    /**
     * Runs {@code count} samples of FP32 inputs (sample after sample).
     *
     * @param deadline how long the server may queue and run it ({@code null}: the server's default); at most
     *                 2³² − 1 µs
     */
    public CompletableFuture<BinaryResponse> infer(String model, float[] inputs, int count, Duration deadline) {
        CompletableFuture<BinaryResponse> future = new CompletableFuture<>();
        byte[] name = nameBytes(model);
        long id = ids.incrementAndGet();
        ByteBuf frame = inferHeader(name, id, BinaryProtocol.DTYPE_FP32, count, deadline, inputs.length * 4);
        for (float v : inputs) {
            frame.writeFloatLE(v);
        }
        send(id, frame, future, inferring);
        return future;
    }

    /** Runs {@code count} samples of FP64 inputs (sample after sample) with the server's default deadline. */
    public CompletableFuture<BinaryResponse> infer(String model, double[] inputs, int count) {
        return infer(model, inputs, count, null);
    }

    /**
     * Runs {@code count} samples of FP64 inputs (sample after sample).
     *
     * @param deadline how long the server may queue and run it ({@code null}: the server's default); at most
     *                 2³² − 1 µs
     */
    public CompletableFuture<BinaryResponse> infer(String model, double[] inputs, int count, Duration deadline) {
        CompletableFuture<BinaryResponse> future = new CompletableFuture<>();
        byte[] name = nameBytes(model);
        long id = ids.incrementAndGet();
        ByteBuf frame = inferHeader(name, id, BinaryProtocol.DTYPE_FP64, count, deadline, inputs.length * 8);
        for (double v : inputs) {
            frame.writeDoubleLE(v);
        }
        send(id, frame, future, inferring);
        return future;
    }

    /**
     * Runs FP32 inputs with {@code timeout} as the server-side deadline, and waits at most that long for the answer.
     *
     * @throws BinaryException if the server refused it, the connection failed, or {@code timeout} passed
     *                         ({@link #TIMEOUT})
     */
    public BinaryResponse inferSync(String model, float[] inputs, int count, Duration timeout) {
        return await(infer(model, inputs, count, timeout), timeout);
    }

    /** Describes a served model. */
    public CompletableFuture<BinaryModelMetadata> metadata(String model) {
        CompletableFuture<BinaryModelMetadata> future = new CompletableFuture<>();
        byte[] name = nameBytes(model);
        long id = ids.incrementAndGet();
        ByteBuf frame = channel.alloc().ioBuffer(BinaryProtocol.LENGTH_FIELD_BYTES
                + BinaryProtocol.REQUEST_PREFIX_BYTES + 2 + name.length);
        frame.writeIntLE(BinaryProtocol.REQUEST_PREFIX_BYTES + 2 + name.length);
        frame.writeByte(BinaryProtocol.VERSION);
        frame.writeByte(BinaryProtocol.TYPE_METADATA);
        frame.writeLongLE(id);
        frame.writeShortLE(name.length);
        frame.writeBytes(name);
        send(id, frame, new MetadataCall(model, future), describing);
        return future;
    }

    /** Describes a served model and waits for the answer. */
    public BinaryModelMetadata metadataSync(String model, Duration timeout) {
        return await(metadata(model), timeout);
    }

    /** Requests sent and not answered yet. */
    public int pending() {
        return inferring.size() + describing.size();
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return closed == null && channel.isActive();
    }

    /** Closes the connection (pending requests fail) and the client's own event loop, if it has one. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private byte[] nameBytes(String model) {
        byte[] name = names.get(model);
        if (name == null) {
            name = model.getBytes(StandardCharsets.UTF_8);
            if (name.length > 0xFFFF) {
                throw new IllegalArgumentException("model name of " + name.length + " bytes; at most 65535");
            }
            if (names.size() < 1024) {
                names.put(model, name);
            }
        }
        return name;
    }

    private ByteBuf inferHeader(byte[] name, long id, int dtype, int count, Duration deadline, int valueBytes) {
        if (count < 0) {
            throw new IllegalArgumentException("sample count " + count + ": expected at least 0");
        }
        long micros = 0;
        if (deadline != null) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline " + deadline + ": expected more than 0");
            }
            micros = Math.max(1, Math.min(MAX_DEADLINE_MICROS, deadline.toNanos() / 1000));
        }
        int payload = BinaryProtocol.REQUEST_PREFIX_BYTES + 2 + name.length + 1 + 4 + 4 + valueBytes;
        ByteBuf frame = channel.alloc().ioBuffer(BinaryProtocol.LENGTH_FIELD_BYTES + payload);
        frame.writeIntLE(payload);
        frame.writeByte(BinaryProtocol.VERSION);
        frame.writeByte(BinaryProtocol.TYPE_INFER);
        frame.writeLongLE(id);
        frame.writeShortLE(name.length);
        frame.writeBytes(name);
        frame.writeByte(dtype);
        frame.writeIntLE(count);
        frame.writeIntLE((int) micros);
        return frame;
    }

    private <T> void send(long id, ByteBuf frame, T call, Map<Long, T> pending) {
        pending.put(id, call);
        if (closed != null) { // after put: either this sees the close, or the close's sweep sees the call
            frame.release();
            if (pending.remove(id) != null) {
                fail(call, closed);
            }
            return;
        }
        // A failed write fails the connection (void promise → exceptionCaught), which fails every pending call.
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    private static void fail(Object call, Throwable error) {
        if (call instanceof MetadataCall m) {
            m.future().completeExceptionally(error);
        } else {
            ((CompletableFuture<?>) call).completeExceptionally(error);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BinaryException b) {
                throw b;
            }
            throw new BinaryException("request failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BinaryException(TIMEOUT, "no answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BinaryException("interrupted while waiting for an answer", e);
        }
    }

    /** Reads answers (on the event loop) and completes the matching futures. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                answer(frame);
            } finally {
                frame.release();
            }
        }

        private void answer(ByteBuf frame) {
            if (frame.readableBytes() < BinaryProtocol.RESPONSE_HEADER_BYTES) {
                throw new IllegalStateException("a response of " + frame.readableBytes() + " bytes");
            }
            int version = frame.readUnsignedByte();
            int type = frame.readUnsignedByte();
            int status = frame.readUnsignedByte();
            long id = frame.readLongLE();
            if (version != BinaryProtocol.VERSION) {
                throw new IllegalStateException("a response of protocol version " + version);
            }
            if (status != BinaryProtocol.STATUS_OK) {
                int length = frame.readUnsignedShortLE();
                String message = frame.readCharSequence(length, StandardCharsets.UTF_8).toString();
                BinaryException error = new BinaryException(status, message);
                CompletableFuture<BinaryResponse> f = inferring.remove(id);
                if (f != null) {
                    f.completeExceptionally(error);
                } else {
                    MetadataCall m = describing.remove(id);
                    if (m != null) {
                        m.future().completeExceptionally(error);
                    }
                }
            } else if (type == BinaryProtocol.TYPE_INFER) {
                CompletableFuture<BinaryResponse> f = inferring.remove(id);
                int dtype = frame.readUnsignedByte();
                int count = frame.readIntLE();
                int perSample = frame.readIntLE();
                double[] values = new double[Math.multiplyExact(count, perSample)];
                if (dtype == BinaryProtocol.DTYPE_FP32) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = frame.readFloatLE();
                    }
                } else if (dtype == BinaryProtocol.DTYPE_FP64) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = frame.readDoubleLE();
                    }
                } else {
                    throw new IllegalStateException("a response of datatype " + dtype);
                }
                if (f != null) {
                    f.complete(new BinaryResponse(id, count, perSample, dtype, values));
                }
            } else if (type == BinaryProtocol.TYPE_METADATA) {
                MetadataCall m = describing.remove(id);
                int inputSize = frame.readIntLE();
                frame.readUnsignedByte(); // the input datatype the model prefers; FP32 and FP64 are both accepted
                List<Integer> inputShape = shape(frame);
                int outputSize = frame.readIntLE();
                String outputType = BinaryProtocol.datatypeName(frame.readUnsignedByte());
                List<Integer> outputShape = shape(frame);
                if (m != null) {
                    m.future().complete(new BinaryModelMetadata(m.model(), inputSize, inputShape, outputSize,
                            outputType, outputShape));
                }
            } else {
                throw new IllegalStateException("a response of type " + type);
            }
        }

        private List<Integer> shape(ByteBuf frame) {
            int rank = frame.readUnsignedByte();
            List<Integer> dims = new ArrayList<>(rank);
            for (int d = 0; d < rank; d++) {
                dims.add(frame.readIntLE());
            }
            return dims;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Throwable cause = failure;
            BinaryException error = new BinaryException("connection to " + address + " closed"
                    + (cause != null ? ": " + cause : ""), cause);
            closed = error;
            for (Long id : new ArrayList<>(inferring.keySet())) {
                CompletableFuture<BinaryResponse> f = inferring.remove(id);
                if (f != null) {
                    f.completeExceptionally(error);
                }
            }
            for (Long id : new ArrayList<>(describing.keySet())) {
                MetadataCall m = describing.remove(id);
                if (m != null) {
                    m.future().completeExceptionally(error);
                }
            }
            ctx.fireChannelInactive();
        }
    }
}
