package io.hgq4j.benchmarks.serving;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A closed-loop load generator: {@code clients} connections, each sending one pre-encoded request, waiting for its
 * answer, and sending the next, for a warm-up and then a measured period. Latency is from the write to the decoded
 * answer, on the client's event loop.
 */
final class LoadClient {

    /** Latency histogram resolution: 0.1 µs buckets up to 100 ms, one overflow bucket beyond. */
    private static final int BUCKETS = 1_000_000;

    /** What one run measured. */
    record Result(String scenario, int clients, int samplesPerRequest, long requests, long errors, double seconds,
                  long[] histogram) {

        /** The q-quantile of the latency, in µs (to 0.1 µs). */
        double micros(double q) {
            if (requests == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(q * requests);
            long seen = 0;
            for (int b = 0; b < histogram.length; b++) {
                seen += histogram[b];
                if (seen >= rank) {
                    return b / 10.0;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** Requests per second. */
        double requestsPerSecond() {
            return requests / seconds;
        }

        /** Inferences (samples) per second. */
        double inferencesPerSecond() {
            return requests * (double) samplesPerRequest / seconds;
        }
    }

    private LoadClient() {
    }

    /**
     * Runs one scenario. {@code group} must have one thread: the connections share one histogram without locks, and
     * the client's own work then stays off the server's cores as much as one thread allows.
     *
     * @param framing  handlers that turn the byte stream into one message per answer
     * @param request  the request bytes (not released; each send writes a retained duplicate)
     * @param ok       whether an answer is a success
     */
    static Result run(String scenario, EventLoopGroup group, Class<? extends Channel> type, int port, int clients,
                      Supplier<ChannelHandler[]> framing, ByteBuf request, Predicate<Object> ok, int samplesPerRequest,
                      Duration warmup, Duration measure) throws InterruptedException {
        long[] histogram = new long[BUCKETS + 1];
        List<Connection> connections = new ArrayList<>();
        Bootstrap b = new Bootstrap().group(group).channel(type).option(ChannelOption.TCP_NODELAY, true);
        CountDownLatch stopped = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Connection connection = new Connection(request, ok, stopped, histogram);
            connections.add(connection);
            b.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(framing.get());
                    ch.pipeline().addLast(connection);
                }
            }).connect("127.0.0.1", port).sync();
        }
        for (Connection c : connections) {
            c.start();
        }
        Thread.sleep(warmup.toMillis()); // a benchmark harness waiting out its warm-up, not a timed test
        for (Connection c : connections) {
            c.measuring = true;
        }
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        for (Connection c : connections) {
            c.measuring = false;
            c.stopping = true;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stopped.await(10, TimeUnit.SECONDS);
        long requests = 0;
        long errors = 0;
        for (Connection c : connections) {
            requests += c.count;
            errors += c.errors;
            c.channel.close().sync();
        }
        return new Result(scenario, clients, samplesPerRequest, requests, errors, seconds, histogram);
    }

    /** One client: a connection in a send–wait loop. */
    private static final class Connection extends ChannelInboundHandlerAdapter {
        private final ByteBuf request;
        private final Predicate<Object> ok;
        private final CountDownLatch stopped;
        private Channel channel;
        private final long[] histogram;
        private long sent;
        private long count;
        private long errors;
        volatile boolean measuring;
        volatile boolean stopping;

        Connection(ByteBuf request, Predicate<Object> ok, CountDownLatch stopped, long[] histogram) {
            this.histogram = histogram;
            this.request = request;
            this.ok = ok;
            this.stopped = stopped;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel(); // before connect() completes, unlike channelActive
        }

        void start() {
            channel.eventLoop().execute(this::send);
        }

        private void send() {
            sent = System.nanoTime();
            channel.writeAndFlush(request.retainedDuplicate());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long latency = System.nanoTime() - sent;
            boolean good = ok.test(msg);
            ReferenceCountUtil.release(msg);
            if (measuring) {
                if (!good) {
                    errors++;
                }
                histogram[(int) Math.min(BUCKETS, latency / 100)]++;
                count++;
            }
            if (stopping) {
                stopped.countDown();
            } else {
                send();
            }
        }
    }
}
