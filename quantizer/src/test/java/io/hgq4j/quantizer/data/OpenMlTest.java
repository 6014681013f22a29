package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenML against a local fake server (com.sun.net.httpserver) that answers the three endpoints with hand-written
 * JSON and ARFF, and against an unreachable address for the offline case. No test touches the real network.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenMlTest {

    static final String ARFF = "@relation tiny_jets\n"
            + "@attribute row_id numeric\n@attribute a numeric\n@attribute junk string\n@attribute b numeric\n"
            + "@attribute class {g,q,t,w,z}\n@data\n1,0.5,'x',-1,q\n2,1.5,'y',2,z\n3,-2,'z',0.25,g\n";

    @TempDir
    Path cache;

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);

    record Answer(int status, String contentType, byte[] body, boolean stall) {
        static Answer json(String json) {
            return new Answer(200, "application/json", json.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openml");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        String md5 = md5(ARFF.getBytes(StandardCharsets.UTF_8));
        answers.put("/api/v1/json/data/4711", Answer.json("{\"data_set_description\": {\"id\": \"4711\", \"name\":"
                + " \"tiny_jets\", \"version\": \"1\", \"format\": \"ARFF\", \"file_id\": \"99001\","
                + " \"default_target_attribute\": \"class\", \"row_id_attribute\": \"row_id\", \"ignore_attribute\":"
                + " [\"junk\"], \"md5_checksum\": \"" + md5 + "\", \"status\": \"active\"}}"));
        answers.put("/data/v1/download/99001", new Answer(200, "text/plain", ARFF.getBytes(StandardCharsets.UTF_8), false));
        answers.put("/api/v1/json/data/list/data_name/tiny_jets/limit/1", Answer.json("{\"data\": {\"dataset\": [{\"did\":"
                + " 4711, \"name\": \"tiny_jets\", \"version\": 1, \"status\": \"active\", \"format\": \"ARFF\"}]}}"));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(path);
        Answer answer = answers.getOrDefault(path, new Answer(412, "application/json",
                "{\"error\": {\"code\": \"111\", \"message\": \"Unknown dataset\"}}".getBytes(StandardCharsets.UTF_8), false));
        if (answer.status() == 0) { // never answer
            awaitRelease();
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (answer.stall()) {
                out.write(answer.body(), 0, 10);
                out.flush();
                awaitRelease();
                return;
            }
            out.write(answer.body());
        }
    }

    void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    OpenMl openml() {
        return OpenMl.defaults().withBaseUrl("http://127.0.0.1:" + server.getAddress().getPort()).withCacheRoot(cache);
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkTinyJets(Dataset d) {
        assertThat(d.name()).isEqualTo("tiny_jets");
        assertThat(d.classNames()).containsExactly("g", "q", "t", "w", "z");
        assertThat(d.labels()).containsExactly(1, 4, 0);
        assertThat(d.features().toArray()).containsExactly(0.5, -1, 1.5, 2, -2, 0.25); // row id and junk left out
    }

    @Test
    void downloadsOnceThenReadsTheCache() throws IOException {
        checkTinyJets(openml().load(4711));
        assertThat(requests).containsExactly("/api/v1/json/data/4711", "/data/v1/download/99001");
        Path dir = cache.resolve("openml").resolve("4711");
        assertThat(openml().cacheDir(4711)).isEqualTo(dir);
        assertThat(Files.readString(dir.resolve("data.arff"))).isEqualTo(ARFF);
        assertThat(Files.readString(dir.resolve("description.json"))).contains("\"file_id\": \"99001\"");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("data.arff", "description.json");
        }

        requests.clear();
        checkTinyJets(openml().load(4711)); // a fresh instance: nothing but the cache
        checkTinyJets(openml().load("tiny_jets"));
        assertThat(requests).isEmpty();
        // even with the server gone
        server.stop(0);
        checkTinyJets(openml().withBaseUrl("http://127.0.0.1:1").load("tiny_jets"));
    }

    @Test
    void resolvesNames() {
        checkTinyJets(openml().load("tiny_jets"));
        assertThat(requests).containsExactly("/api/v1/json/data/list/data_name/tiny_jets/limit/1",
                "/api/v1/json/data/4711", "/data/v1/download/99001");
        answers.put("/api/v1/json/data/list/data_name/no%20such/limit/1", new Answer(412, "application/json",
                "{\"error\":{\"code\":\"372\",\"message\":\"No results\"}}".getBytes(StandardCharsets.UTF_8), false));
        assertThatThrownBy(() -> openml().load("no such")).isInstanceOf(DataException.class)
                .hasMessage("OpenML has no data set named 'no such' (HTTP 412 from " + openml().baseUrl()
                        + "/api/v1/json/data/list/data_name/no%20such/limit/1 (OpenML error 372: No results))");
    }

    @Test
    void offlineWithoutACachedCopy() {
        OpenMl offline = OpenMl.defaults().withBaseUrl("http://127.0.0.1:1").withCacheRoot(cache)
                .withTimeout(Duration.ofSeconds(5));
        Path dir = cache.resolve("openml").resolve("42468");
        assertThatThrownBy(() -> offline.load(42468)).isInstanceOf(DataException.class)
                .hasMessage("cannot download OpenML data set 42468 (hls4ml_lhc_jets_hlf): cannot connect to 127.0.0.1:1"
                        + " (http://127.0.0.1:1/api/v1/json/data/42468); no cached copy in " + dir + ". Download data.arff"
                        + " (the ARFF file of https://www.openml.org/d/42468) on a machine with internet access and place"
                        + " it there.");
        assertThatThrownBy(() -> offline.load("hls4ml_lhc_jets_hlf")).isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot download OpenML data set 42468 (hls4ml_lhc_jets_hlf): cannot connect");
        assertThatThrownBy(() -> offline.load(7)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot download OpenML data set 7: cannot connect to 127.0.0.1:1");
        assertThatThrownBy(() -> offline.load("some_set")).isInstanceOf(DataException.class)
                .hasMessage("cannot look up OpenML data set 'some_set': cannot connect to 127.0.0.1:1"
                        + " (http://127.0.0.1:1/api/v1/json/data/list/data_name/some_set/limit/1); no cached copy of that"
                        + " name under " + cache.resolve("openml") + ". Download its data.arff on a machine with internet"
                        + " access and place it in " + cache.resolve("openml").resolve("<id>") + ", where <id> is the data"
                        + " set's OpenML id (https://www.openml.org/search?type=data&q=some_set)");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aHandPlacedArffIsUsedOffline() throws IOException {
        // what the offline message asks for: data.arff (no description) in <cache>/openml/42468/
        Path dir = cache.resolve("openml").resolve("42468");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("data.arff"), "@relation hls4ml_lhc_jets_hlf\n@attribute a numeric\n"
                + "@attribute class {g,q,t,w,z}\n@data\n1,t\n2,g\n");
        OpenMl offline = OpenMl.defaults().withBaseUrl("http://127.0.0.1:1").withCacheRoot(cache);
        for (Dataset d : new Dataset[] {offline.load(42468), offline.load("hls4ml_lhc_jets_hlf")}) {
            assertThat(d.name()).isEqualTo("hls4ml_lhc_jets_hlf");
            assertThat(d.labels()).containsExactly(2, 0);
            assertThat(d.features().toArray()).containsExactly(1, 2);
        }
        // and found by its @relation name too
        Path other = cache.resolve("openml").resolve("555");
        Files.createDirectories(other);
        Files.writeString(other.resolve("data.arff"), "% hand-placed\n@RELATION 'my set'\n@attribute a numeric\n"
                + "@attribute y numeric\n@data\n1,2\n");
        assertThat(offline.load("my set").targets().toArray()).containsExactly(2);
    }

    @Test
    void unknownIdDamagedDownloadAndBadDescriptions() {
        assertThatThrownBy(() -> openml().load(12345)).isInstanceOf(DataException.class)
                .hasMessage("OpenML has no data set 12345 (HTTP 412 from " + openml().baseUrl()
                        + "/api/v1/json/data/12345 (OpenML error 111: Unknown dataset))");

        answers.put("/data/v1/download/99001", new Answer(200, "text/plain",
                ARFF.replace("0.5", "0.6").getBytes(StandardCharsets.UTF_8), false));
        assertThatThrownBy(() -> openml().load(4711)).isInstanceOf(DataException.class)
                .hasMessageContaining("/data/v1/download/99001: the downloaded file has MD5 ")
                .hasMessageEndingWith("; the download is damaged (not cached)");
        assertThat(cache.resolve("openml").resolve("4711")).doesNotExist();

        answers.put("/data/v1/download/99001", new Answer(503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8), false));
        assertThatThrownBy(() -> openml().load(4711)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot download OpenML data set 4711: HTTP 503 from " + openml().baseUrl()
                        + "/data/v1/download/99001; no cached copy in");

        answers.put("/api/v1/json/data/4711", Answer.json("{\"data_set_description\": {\"id\": \"4712\"}}"));
        assertThatThrownBy(() -> openml().load(4711)).isInstanceOf(DataException.class)
                .hasMessage(openml().baseUrl() + "/api/v1/json/data/4711: describes data set 4712, expected 4711");
        answers.put("/api/v1/json/data/4711", Answer.json("{\"data_set_description\": {\"id\": \"4711\", \"format\":"
                + " \"Sparse_ARFF\", \"file_id\": \"1\"}}"));
        assertThatThrownBy(() -> openml().load(4711)).hasMessageEndingWith("data set 4711 is in the format 'Sparse_ARFF';"
                + " only ARFF (dense) is supported");
        answers.put("/api/v1/json/data/4711", Answer.json("{\"data_set_description\": {\"id\": \"4711\"}}"));
        assertThatThrownBy(() -> openml().load(4711)).hasMessageEndingWith("field data_set_description.file_id: expected"
                + " the id of the data file, found nothing");
        answers.put("/api/v1/json/data/4711", Answer.json("{\"data_set_description\": {\"id\": \"4711\", \"id\": \"1\"}}"));
        assertThatThrownBy(() -> openml().load(4711)).hasMessageContaining("not valid JSON (Duplicate field 'id')");
        answers.put("/api/v1/json/data/4711", Answer.json("[1, 2"));
        assertThatThrownBy(() -> openml().load(4711)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(openml().baseUrl() + "/api/v1/json/data/4711: not valid JSON");
    }

    @Test
    void aStalledDownloadTimesOut() {
        answers.put("/data/v1/download/99001", new Answer(200, "text/plain", ARFF.getBytes(StandardCharsets.UTF_8), true));
        long start = System.nanoTime();
        assertThatThrownBy(() -> openml().withTimeout(Duration.ofMillis(500)).load(4711)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot download OpenML data set 4711: nothing arrived for 500 ms while reading "
                        + openml().baseUrl() + "/data/v1/download/99001; no cached copy");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        answers.put("/api/v1/json/data/4711", new Answer(0, "", new byte[0], false));
        long start = System.nanoTime();
        assertThatThrownBy(() -> openml().withTimeout(Duration.ofMillis(300)).load(4711)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot download OpenML data set 4711: no answer from 127.0.0.1:"
                        + server.getAddress().getPort() + " within 300 ms (" + openml().baseUrl() + "/api/v1/json/data/4711);");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void cacheRootAndUrlFromPropertiesAndEnvironment() {
        assertThat(OpenMl.defaultCacheRoot(name -> name.equals("hgq4j.cache.dir") ? "/p" : name.equals("user.home") ? "/h"
                : null, name -> "/e")).isEqualTo(Path.of("/p"));
        assertThat(OpenMl.defaultCacheRoot(name -> name.equals("user.home") ? "/h" : null, name -> "/e"))
                .isEqualTo(Path.of("/e"));
        assertThat(OpenMl.defaultCacheRoot(name -> name.equals("user.home") ? "/h" : null, name -> null))
                .isEqualTo(Path.of("/h", ".cache", "hgq4j"));
        assertThat(OpenMl.defaults().withCacheRoot(Path.of("/h/.cache/hgq4j")).cacheDir(42468))
                .isEqualTo(Path.of("/h/.cache/hgq4j/openml/42468"));

        String url = System.getProperty(OpenMl.URL_PROPERTY);
        String dir = System.getProperty(OpenMl.CACHE_PROPERTY);
        try {
            System.setProperty(OpenMl.URL_PROPERTY, "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            System.setProperty(OpenMl.CACHE_PROPERTY, cache.toString());
            assertThat(OpenMl.defaults().baseUrl()).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort());
            assertThat(OpenMl.defaults().cacheRoot()).isEqualTo(cache);
            checkTinyJets(Datasets.openml(4711));
            checkTinyJets(Datasets.openml("tiny_jets"));
        } finally {
            restore(OpenMl.URL_PROPERTY, url);
            restore(OpenMl.CACHE_PROPERTY, dir);
        }
        assertThatThrownBy(() -> OpenMl.defaults().withBaseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenMl.defaults().load(0)).isInstanceOf(IllegalArgumentException.class);
    }

    static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void aDamagedCachedDescriptionIsNamed() throws IOException {
        Path dir = cache.resolve("openml").resolve("4711");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("data.arff"), ARFF);
        Files.writeString(dir.resolve("description.json"), "{oops");
        assertThatThrownBy(() -> openml().load(4711)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(dir.resolve("description.json") + ": not valid JSON");
        assertThat(requests).isEmpty();
    }
}
