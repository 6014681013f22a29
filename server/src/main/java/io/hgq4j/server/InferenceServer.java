package io.hgq4j.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The network side: one listening port per {@link FrontEnd}, on Netty's epoll transport where available (NIO
 * otherwise), with a connection limit and an idle timeout on every connection. {@link #close()} is graceful: stop
 * accepting, let the models finish what is queued and the answers be written, then close.
 */
public final class InferenceServer implements AutoCloseable {

    private final InferenceService service;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup listening = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final String transport;

    private InferenceServer(InferenceService service, boolean epoll) {
        this.service = service;
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, io);
        this.workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        this.transport = epoll ? "epoll" : "nio";
    }

    /**
     * Binds every front end whose port is not −1 and returns the running server.
     *
     * @throws IllegalStateException naming the address and port when one cannot be bound (in use, not permitted)
     */
    public static InferenceServer start(InferenceService service, List<FrontEnd> frontEnds, Consumer<String> log) {
        ServerConfig config = service.config();
        boolean epoll = config.nativeTransport() && Epoll.isAvailable();
        InferenceServer server = new InferenceServer(service, epoll);
        try {
            for (FrontEnd frontEnd : frontEnds) {
                int port = frontEnd.port(config);
                if (port >= 0) {
                    server.bind(frontEnd, port);
                }
            }
        } catch (RuntimeException e) {
            server.shutdownNetwork();
            throw e;
        }
        log.accept("serving " + service.models().size() + " model(s) on " + config.bind() + " " + server.ports
                + " (" + server.transport + " transport)");
        return server;
    }

    private void bind(FrontEnd frontEnd, int port) {
        ServerConfig config = service.config();
        AtomicInteger open = new AtomicInteger();
        Class<? extends ServerChannel> channel = transport.equals("epoll") ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > config.maxConnections()) {
                            open.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        connections.add(ch);
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0,
                                config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("close-idle", CLOSE_IDLE);
                        frontEnd.initChannel(ch, service);
                    }
                });
        Channel bound;
        try {
            bound = b.bind(new InetSocketAddress(config.bind(), port)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + config.bind() + ":" + port, e);
        } catch (Exception e) {
            throw new IllegalStateException(frontEnd.name() + " port " + config.bind() + ":" + port + ": "
                    + e.getMessage(), e);
        }
        listening.add(bound);
        ports.put(frontEnd.name(), ((InetSocketAddress) bound.localAddress()).getPort());
    }

    /** Closes a connection that saw no traffic for the idle timeout. */
    private static final ChannelHandler CLOSE_IDLE = new CloseIdle();

    @ChannelHandler.Sharable
    private static final class CloseIdle extends ChannelDuplexHandler {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }
    }

    /** The port a front end listens on (useful with port 0). */
    public int port(String frontEnd) {
        Integer port = ports.get(frontEnd);
        if (port == null) {
            throw new IllegalArgumentException("no front end '" + frontEnd + "' is listening; listening: " + ports.keySet());
        }
        return port;
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return transport;
    }

    /** The service behind it. */
    public InferenceService service() {
        return service;
    }

    /**
     * Stops accepting, finishes the queued requests (their answers are written on the open connections), closes the
     * connections and the event loops.
     */
    @Override
    public void close() {
        listening.close().awaitUninterruptibly();
        service.close();
        // The batchers handed their last answers to the connections' event loops before they stopped, so each
        // connection's close is queued behind its writes.
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownNetwork();
    }

    private void shutdownNetwork() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

}
