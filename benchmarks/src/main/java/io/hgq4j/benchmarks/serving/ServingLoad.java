package io.hgq4j.benchmarks.serving;

import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.codegen.AcceleratorProject;
import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ServedModel;
import io.hgq4j.server.ServerConfig;
import io.hgq4j.server.binary.BinaryFrontEnd;
import io.hgq4j.server.http.OipFrontEnd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The serving benchmark: the jet tagger on the emulator behind hgq4j's server on loopback, driven by closed-loop
 * clients over HTTP + JSON, HTTP + binary tensors and the binary protocol at 1, 16 and 64 concurrent clients, and —
 * in the same run, on the same transport and thread counts — trivial Netty echo servers (TCP and HTTP) as the floor
 * this machine allows. Prints p50 / p99 / p99.9 latency and throughput per scenario, then the goals' ratios.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -cp benchmarks/target/benchmarks.jar
 * io.hgq4j.benchmarks.serving.ServingLoad [seconds per scenario, default 3] [rounds, default 3]}; each figure is the
 * median over the rounds, which interleave the scenarios so that slow phases of the machine hit all of them.
 */
public final class ServingLoad {

    private static final int[] CLIENTS = {1, 16, 64};
    private static final int BATCHED_SAMPLES = 32;

    private ServingLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Duration warmup = Duration.ofSeconds(1);
        Duration measure = Duration.ofSeconds(seconds);
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_jet_classifier.h5"));
        Path repo = Files.createTempDirectory("hgq4j-serving");
        var board = BoardCatalog.builtIn().get("pynq-z2");
        new AcceleratorProject(model, board, Optional.empty(),
                new AcceleratorProject.Settings("jet", board.defaultClockPeriodNs(), 64, 4096))
                .write(repo.resolve("jet"), new double[][] {new double[16]}, HgqFile.toBytes(model));

        ServerConfig config = ServerConfig.defaults().withPorts(0, 0);
        InferenceService service = InferenceService.load(repo, config, line -> System.out.println("# " + line));
        InferenceServer server = InferenceServer.start(service, List.of(new OipFrontEnd(), new BinaryFrontEnd()),
                line -> System.out.println("# " + line));
        ServedModel jet = service.model("jet").orElseThrow();

        boolean epoll = server.transport().equals("epoll");
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        // the echo servers get what the inference server has: one acceptor, a worker per processor
        EventLoopGroup echoBoss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup echoWorkers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        Channel tcpEcho = EchoServers.tcp(echoBoss, echoWorkers, serverType);
        Channel httpEcho = EchoServers.http(echoBoss, echoWorkers, serverType);
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, io);

        float[] sample = new float[16];
        Random random = new Random(12345);
        for (int i = 0; i < sample.length; i++) {
            sample[i] = (float) (random.nextGaussian() * 1.5);
        }
        float[] batch = new float[16 * BATCHED_SAMPLES];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) (random.nextGaussian() * 1.5);
        }
        ByteBuf binaryOne = Unpooled.unreleasableBuffer(binaryRequest("jet", sample, 1));
        ByteBuf binaryBatch = Unpooled.unreleasableBuffer(binaryRequest("jet", batch, BATCHED_SAMPLES));
        String json = jsonRequest(jet, sample);
        ByteBuf httpEchoRequest = Unpooled.unreleasableBuffer(httpRequest("/echo", json.getBytes(StandardCharsets.UTF_8),
                -1));
        ByteBuf jsonRequest = Unpooled.unreleasableBuffer(httpRequest("/v2/models/jet/infer",
                json.getBytes(StandardCharsets.UTF_8), -1));
        ByteBuf binaryHttpRequest = Unpooled.unreleasableBuffer(binaryHttpRequest(jet, sample));
        int httpPort = server.port("http");
        int binaryPort = server.port("binary");

        Supplier<ChannelHandler[]> frames = () -> new ChannelHandler[] {new LengthFieldBasedFrameDecoder(
                ByteOrder.LITTLE_ENDIAN, 1 << 24, 0, 4, 0, 4, true)};
        // requests go out pre-encoded as bytes, so only the response side needs a codec
        Supplier<ChannelHandler[]> http = () -> new ChannelHandler[] {new HttpResponseDecoder(),
            new HttpObjectAggregator(1 << 20)};
        Predicate<Object> httpOk = m -> ((FullHttpResponse) m).status().code() == 200;
        Predicate<Object> binaryOk = m -> ((ByteBuf) m).getByte(2) == 0;
        Predicate<Object> any = m -> true;

        List<List<LoadClient.Result>> runs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<LoadClient.Result> results = new ArrayList<>();
            for (int c : CLIENTS) {
                results.add(LoadClient.run("echo (TCP)", clients, clientType, EchoServers.port(tcpEcho), c, frames,
                        binaryOne, any, 1, warmup, measure));
                results.add(LoadClient.run("echo (HTTP)", clients, clientType, EchoServers.port(httpEcho), c, http,
                        httpEchoRequest, httpOk, 1, warmup, measure));
                results.add(LoadClient.run("binary protocol", clients, clientType, binaryPort, c, frames, binaryOne,
                        binaryOk, 1, warmup, measure));
                results.add(LoadClient.run("HTTP + JSON", clients, clientType, httpPort, c, http, jsonRequest, httpOk,
                        1, warmup, measure));
                results.add(LoadClient.run("HTTP + binary tensors", clients, clientType, httpPort, c, http,
                        binaryHttpRequest, httpOk, 1, warmup, measure));
            }
            results.add(LoadClient.run("binary protocol, " + BATCHED_SAMPLES + " samples/request", clients,
                    clientType, binaryPort, 64, frames, binaryBatch, binaryOk, BATCHED_SAMPLES, warmup, measure));
            runs.add(results);
            System.out.println("# round " + (round + 1) + " of " + rounds + " done");
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "medians of %d rounds of %d s per scenario%n%n", rounds, seconds);
        System.out.printf(Locale.ROOT, "| scenario | clients | p50 µs | p99 µs | p99.9 µs | requests/s | inferences/s "
                + "| errors |%n|---|---:|---:|---:|---:|---:|---:|---:|%n");
        List<LoadClient.Result> first = runs.get(0);
        for (int i = 0; i < first.size(); i++) {
            int k = i;
            List<LoadClient.Result> same = runs.stream().map(r -> r.get(k)).toList();
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %,.0f | %,.0f | %d |%n",
                    first.get(i).scenario(), first.get(i).clients(), median(same, r -> r.micros(0.5)),
                    median(same, r -> r.micros(0.99)), median(same, r -> r.micros(0.999)),
                    median(same, LoadClient.Result::requestsPerSecond), median(same, LoadClient.Result::inferencesPerSecond),
                    same.stream().mapToLong(LoadClient.Result::errors).sum());
        }
        System.out.println();
        for (int round = 0; round < rounds; round++) {
            List<LoadClient.Result> results = runs.get(round);
            LoadClient.Result echo16 = find(results, "echo (TCP)", 16);
            System.out.printf(Locale.ROOT, "round %d, 16 clients: binary p99 / echo p99 = %.2f (goal <= 1.5); HTTP+JSON"
                            + " p99 / echo p99 = %.2f (goal <= 3)%n", round + 1,
                    find(results, "binary protocol", 16).micros(0.99) / echo16.micros(0.99),
                    find(results, "HTTP + JSON", 16).micros(0.99) / echo16.micros(0.99));
        }
        System.out.printf(Locale.ROOT, "best throughput (median over rounds): %,.0f inferences/s (goal >= 50,000)%n",
                median(runs.stream().map(r -> r.get(r.size() - 1)).toList(), LoadClient.Result::inferencesPerSecond));
        server.close();
        clients.shutdownGracefully().sync();
        echoBoss.shutdownGracefully().sync();
        echoWorkers.shutdownGracefully().sync();
    }

    private static double median(List<LoadClient.Result> results, java.util.function.ToDoubleFunction<LoadClient.Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static LoadClient.Result find(List<LoadClient.Result> results, String scenario, int clients) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.clients() == clients).findFirst()
                .orElseThrow();
    }

    /** A binary-protocol INFER frame (see io.hgq4j.server.binary's package documentation). */
    static ByteBuf binaryRequest(String model, float[] inputs, int count) {
        byte[] name = model.getBytes(StandardCharsets.UTF_8);
        int payload = 1 + 1 + 8 + 2 + name.length + 1 + 4 + 4 + inputs.length * 4;
        ByteBuf b = Unpooled.directBuffer(4 + payload);
        b.writeIntLE(payload).writeByte(1).writeByte(1).writeLongLE(1).writeShortLE(name.length).writeBytes(name)
                .writeByte(1).writeIntLE(count).writeIntLE(0);
        for (float v : inputs) {
            b.writeFloatLE(v);
        }
        return b;
    }

    static String jsonRequest(ServedModel model, float[] sample) {
        StringBuilder s = new StringBuilder("{\"inputs\":[{\"name\":\"").append(model.input().name())
                .append("\",\"shape\":[1,").append(sample.length).append("],\"datatype\":\"FP32\",\"data\":[");
        for (int i = 0; i < sample.length; i++) {
            s.append(i == 0 ? "" : ",").append(sample[i]);
        }
        return s.append("]}]}").toString();
    }

    static ByteBuf binaryHttpRequest(ServedModel model, float[] sample) {
        String header = "{\"inputs\":[{\"name\":\"" + model.input().name() + "\",\"shape\":[1," + sample.length
                + "],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + sample.length * 4 + "}}],"
                + "\"outputs\":[{\"name\":\"" + model.output().name() + "\",\"parameters\":{\"binary_data_output\":true}}]}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuf body = Unpooled.buffer(h.length + sample.length * 4);
        body.writeBytes(h);
        for (float v : sample) {
            body.writeFloatLE(v);
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return httpRequest("/v2/models/jet/infer", bytes, h.length);
    }

    /** An encoded HTTP/1.1 keep-alive POST. */
    static ByteBuf httpRequest(String path, byte[] body, int headerLength) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1").set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (headerLength >= 0) {
            req.headers().setInt("Inference-Header-Content-Length", headerLength);
        }
        return HttpEncoding.encode(req);
    }
}
