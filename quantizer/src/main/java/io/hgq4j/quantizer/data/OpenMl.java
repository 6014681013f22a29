package io.hgq4j.quantizer.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.model.data.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenML data sets (<a href="https://www.openml.org">openml.org</a>) by id or name, downloaded once into a local
 * cache and read from there afterwards, so that training works offline once a data set is cached.
 *
 * <p>Loading id N: when {@code <cache>/openml/N/data.arff} exists it is read without any network access (with the
 * target and ignored attributes of {@code description.json} next to it, or the last attribute as target when that
 * file is absent, e.g. after placing {@code data.arff} there by hand). Otherwise the data description is fetched from
 * {@code <url>/api/v1/json/data/N} (it gives the ARFF file's {@code file_id}, {@code default_target_attribute},
 * {@code row_id_attribute}, {@code ignore_attribute} and {@code md5_checksum}), the file from
 * {@code <url>/data/v1/download/<file_id>}; the file's MD5 is checked and it is parsed before both files are written
 * into the cache (atomically, so a reader never sees half a file). A name is resolved with
 * {@code <url>/api/v1/json/data/list/data_name/<name>/limit/1} unless a cached data set has that name (its
 * {@code description.json} name or its ARFF {@code @relation}) or the name is one of the few built in
 * ({@code hls4ml_lhc_jets_hlf} = 42468).
 *
 * <p>Defaults: the URL {@code https://www.openml.org}, or the system property {@value #URL_PROPERTY}; the cache root
 * {@code ~/.cache/hgq4j}, or the system property {@value #CACHE_PROPERTY}, or else the environment variable
 * {@value #CACHE_ENV}; a timeout of 30 s for connecting, for the answer to a request, and for any pause while a body
 * arrives. Failures are {@link DataException}s; without network access and without a cached copy the message says
 * where to put {@code data.arff}.
 */
public final class OpenMl {

    /** The public OpenML server. */
    public static final String DEFAULT_URL = "https://www.openml.org";
    /** System property overriding the server URL (tests point it at a local server). */
    public static final String URL_PROPERTY = "hgq4j.openml.url";
    /** System property naming the cache root; OpenML files go to {@code <root>/openml/<id>/}. */
    public static final String CACHE_PROPERTY = "hgq4j.cache.dir";
    /** Environment variable naming the cache root when the system property is not set. */
    public static final String CACHE_ENV = "HGQ4J_CACHE_DIR";
    /** The default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The cached ARFF file in a data set's folder. */
    public static final String DATA_FILE = "data.arff";
    /** The cached data description in a data set's folder. */
    public static final String DESCRIPTION_FILE = "description.json";

    /** Names resolved without the network, so a hand-placed cached copy loads by name offline. */
    private static final Map<String, Integer> KNOWN = Map.of("hls4ml_lhc_jets_hlf", 42468);
    private static final int MAX_JSON_BYTES = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(OpenMl.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String baseUrl;
    private final Path cacheRoot;
    private final Duration timeout;
    private volatile HttpClient client;

    private OpenMl(String baseUrl, Path cacheRoot, Duration timeout) {
        this.baseUrl = baseUrl;
        this.cacheRoot = cacheRoot;
        this.timeout = timeout;
    }

    /** The server and cache the system properties and environment choose (see the class description). */
    public static OpenMl defaults() {
        String url = System.getProperty(URL_PROPERTY);
        return new OpenMl(normalise(url == null || url.isBlank() ? DEFAULT_URL : url), defaultCacheRoot(), DEFAULT_TIMEOUT);
    }

    /**
     * The cache root: the system property {@value #CACHE_PROPERTY}, else the environment variable {@value #CACHE_ENV},
     * else {@code ~/.cache/hgq4j}.
     */
    public static Path defaultCacheRoot() {
        return defaultCacheRoot(System::getProperty, System::getenv);
    }

    static Path defaultCacheRoot(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String property = properties.apply(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = environment.apply(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(properties.apply("user.home"), ".cache", "hgq4j");
    }

    /** The same with the server at {@code url} (e.g. {@code http://localhost:8080}). */
    public OpenMl withBaseUrl(String url) {
        return new OpenMl(normalise(url), cacheRoot, timeout);
    }

    /** The same with the cache root {@code root} (files go to {@code root/openml/<id>/}). */
    public OpenMl withCacheRoot(Path root) {
        return new OpenMl(baseUrl, Objects.requireNonNull(root, "root"), timeout);
    }

    /** The same with another timeout for connecting, for answers and for pauses in a download. */
    public OpenMl withTimeout(Duration newTimeout) {
        if (newTimeout.isNegative() || newTimeout.isZero()) {
            throw new IllegalArgumentException("timeout " + newTimeout + " is not positive");
        }
        return new OpenMl(baseUrl, cacheRoot, newTimeout);
    }

    private static String normalise(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OpenML URL " + url + " is not a URL: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("OpenML URL " + url + " is not an http(s) URL such as " + DEFAULT_URL);
        }
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The server URL, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The cache root. */
    public Path cacheRoot() {
        return cacheRoot;
    }

    /** The folder that holds the cached files of data set {@code id}: {@code <root>/openml/<id>}. */
    public Path cacheDir(int id) {
        checkId(id);
        return cacheRoot.resolve("openml").resolve(Integer.toString(id));
    }

    // ---- loading ----

    /**
     * Data set {@code id}: from the cache, or downloaded into it.
     *
     * @throws DataException if it is neither cached nor downloadable, or its files are not valid
     */
    public Dataset load(int id) {
        return load(id, KNOWN.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst()
                .orElse(null));
    }

    /**
     * The data set called {@code name}: a cached one of that name, else the one OpenML lists first for it.
     *
     * @throws DataException if the name is unknown to OpenML, or neither cached nor resolvable
     */
    public Dataset load(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an OpenML data set name must not be blank");
        }
        String key = name.strip();
        Optional<Integer> cached = findCached(key);
        if (cached.isPresent()) {
            return load(cached.get(), key);
        }
        Integer known = KNOWN.get(key);
        if (known != null) {
            return load(known, key);
        }
        URI uri = uri("/api/v1/json/data/list/data_name/" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/limit/1");
        int id;
        try {
            id = listedId(get(uri, MAX_JSON_BYTES), uri, key);
        } catch (HttpStatusException e) {
            if (e.status == 412 && "372".equals(e.openMlCode)) {
                throw new DataException("OpenML has no data set named " + DataException.quote(key) + " (" + e.getMessage()
                        + ")", e);
            }
            throw cannotLookUp(key, e.getMessage(), e);
        } catch (IOException e) {
            throw cannotLookUp(key, networkReason(e, uri), e);
        }
        return load(id, key);
    }

    private DataException cannotLookUp(String name, String reason, Exception cause) {
        Path dir = cacheRoot.resolve("openml");
        return new DataException("cannot look up OpenML data set " + DataException.quote(name) + ": " + reason
                + "; no cached copy of that name under " + dir + ". Download its data.arff on a machine with internet"
                + " access and place it in " + dir.resolve("<id>") + ", where <id> is the data set's OpenML id"
                + " (https://www.openml.org/search?type=data&q=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + ")", cause);
    }

    private Dataset load(int id, String knownName) {
        checkId(id);
        Path dir = cacheDir(id);
        if (Files.isRegularFile(dir.resolve(DATA_FILE))) {
            return fromCache(id, dir);
        }
        URI descriptionUri = uri("/api/v1/json/data/" + id);
        Description description;
        byte[] json;
        byte[] data;
        URI dataUri = null;
        try {
            json = get(descriptionUri, MAX_JSON_BYTES);
            description = Description.parse(json, descriptionUri.toString(), id);
            dataUri = uri("/data/v1/download/" + description.fileId());
            LOG.info("downloading OpenML data set {} ({}) from {}", id, description.name(), dataUri);
            data = get(dataUri, Io.MAX_BYTES);
        } catch (HttpStatusException e) {
            if (dataUri == null && e.status == 412 && "111".equals(e.openMlCode)) {
                throw new DataException("OpenML has no data set " + id + " (" + e.getMessage() + ")", e);
            }
            throw cannotDownload(id, knownName, e.getMessage(), dir, e);
        } catch (IOException e) {
            throw cannotDownload(id, knownName, networkReason(e, dataUri != null ? dataUri : descriptionUri), dir, e);
        }
        if (description.md5() != null) {
            String md5 = md5(data);
            if (!md5.equalsIgnoreCase(description.md5())) {
                throw new DataException(dataUri + ": the downloaded file has MD5 " + md5 + " but OpenML's description of"
                        + " data set " + id + " says " + description.md5() + "; the download is damaged (not cached)");
            }
        }
        Dataset set = Arff.read(data, dataUri.toString(), description.target(), description.ignored(), description.name());
        try {
            AtomicFiles.write(dir.resolve(DESCRIPTION_FILE), out -> out.write(json));
            AtomicFiles.write(dir.resolve(DATA_FILE), out -> out.write(data));
        } catch (IOException e) {
            LOG.warn("cannot cache OpenML data set {} in {} ({}); it will be downloaded again next time", id, dir,
                    DataException.reason(e));
        }
        return set;
    }

    private DataException cannotDownload(int id, String name, String reason, Path dir, Exception cause) {
        return new DataException("cannot download OpenML data set " + id + (name != null ? " (" + name + ")" : "") + ": "
                + reason + "; no cached copy in " + dir + ". Download " + DATA_FILE + " (the ARFF file of"
                + " https://www.openml.org/d/" + id + ") on a machine with internet access and place it there.", cause);
    }

    private Dataset fromCache(int id, Path dir) {
        Path dataFile = dir.resolve(DATA_FILE);
        Path descriptionFile = dir.resolve(DESCRIPTION_FILE);
        Description description = null;
        if (Files.isRegularFile(descriptionFile)) {
            description = Description.parse(Io.read(descriptionFile), descriptionFile.toString(), id);
        }
        byte[] data = Io.read(dataFile);
        if (description == null) {
            return Arff.read(data, dataFile.toString(), null, List.of(), null);
        }
        return Arff.read(data, dataFile.toString(), description.target(), description.ignored(), description.name());
    }

    /** The id of a cached data set called {@code name}, the smallest id when several are. */
    private Optional<Integer> findCached(String name) {
        Path openml = cacheRoot.resolve("openml");
        if (!Files.isDirectory(openml)) {
            return Optional.empty();
        }
        TreeMap<Integer, Path> dirs = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(openml)) {
            for (Path dir : stream) {
                String folder = String.valueOf(dir.getFileName());
                if (folder.matches("[1-9][0-9]{0,9}") && Long.parseLong(folder) <= Integer.MAX_VALUE
                        && Files.isRegularFile(dir.resolve(DATA_FILE))) {
                    dirs.put(Integer.parseInt(folder), dir);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        Integer known = KNOWN.get(name);
        if (known != null && dirs.containsKey(known)) {
            return Optional.of(known);
        }
        for (Map.Entry<Integer, Path> entry : dirs.entrySet()) {
            Path descriptionFile = entry.getValue().resolve(DESCRIPTION_FILE);
            Optional<String> cachedName = Optional.empty();
            if (Files.isRegularFile(descriptionFile)) {
                try {
                    cachedName = Optional.ofNullable(Description.parse(Io.read(descriptionFile), descriptionFile.toString(),
                            entry.getKey()).name());
                } catch (DataException e) {
                    cachedName = Optional.empty();
                }
            }
            if (cachedName.isEmpty()) {
                cachedName = Arff.relationName(entry.getValue().resolve(DATA_FILE));
            }
            if (cachedName.isPresent() && cachedName.get().equals(name)) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    private static int listedId(byte[] json, URI uri, String name) {
        JsonNode root = readJson(json, uri.toString());
        JsonNode list = root.path("data").path("dataset");
        if (!list.isArray() || list.isEmpty()) {
            throw new DataException(uri + ": expected a JSON object {\"data\": {\"dataset\": [...]}} listing the data"
                    + " set " + DataException.quote(name));
        }
        JsonNode first = list.get(0);
        int id = parseId(first.path("did").asText(""), uri + ": field data.dataset[0].did");
        String listed = first.path("name").asText(name);
        if (!listed.equals(name)) {
            throw new DataException(uri + ": OpenML listed data set " + id + " named " + DataException.quote(listed)
                    + " for the name " + DataException.quote(name));
        }
        return id;
    }

    private static void checkId(int id) {
        if (id <= 0) {
            throw new IllegalArgumentException("OpenML data set id " + id + " is not positive");
        }
    }

    private static int parseId(String text, String where) {
        if (!text.matches("[1-9][0-9]{0,9}") || Long.parseLong(text) > Integer.MAX_VALUE) {
            throw new DataException(where + ": " + DataException.quote(text) + " is not an OpenML id (a positive whole"
                    + " number)");
        }
        return Integer.parseInt(text);
    }

    private static JsonNode readJson(byte[] json, String source) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new DataException(source + ": expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new DataException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) { // reading from a byte array cannot fail otherwise
            throw new DataException(source + ": not valid JSON (" + DataException.reason(e) + ")", e);
        }
    }

    /** What OpenML's data description says about reading the data set. */
    record Description(int id, String name, String fileId, String target, List<String> ignored, String md5) {

        static Description parse(byte[] json, String source, int expectedId) {
            JsonNode d = readJson(json, source).path("data_set_description");
            if (!d.isObject()) {
                throw new DataException(source + ": expected a JSON object {\"data_set_description\": {...}}");
            }
            int id = parseId(d.path("id").asText(""), source + ": field data_set_description.id");
            if (id != expectedId) {
                throw new DataException(source + ": describes data set " + id + ", expected " + expectedId);
            }
            String name = text(d, "name");
            String format = text(d, "format");
            if (format != null && !format.equalsIgnoreCase("arff")) {
                throw new DataException(source + ": data set " + id + " is in the format " + DataException.quote(format)
                        + "; only ARFF (dense) is supported");
            }
            String fileId = text(d, "file_id");
            if (fileId == null || !fileId.matches("[0-9]{1,19}")) {
                throw new DataException(source + ": field data_set_description.file_id: expected the id of the data"
                        + " file, found " + (fileId == null ? "nothing" : DataException.quote(fileId)));
            }
            String target = text(d, "default_target_attribute");
            if (target != null && target.contains(",")) {
                throw new DataException(source + ": data set " + id + " has several target attributes ("
                        + DataException.quote(target) + "); only one target is supported");
            }
            List<String> ignored = new ArrayList<>();
            String rowId = text(d, "row_id_attribute");
            if (rowId != null) {
                ignored.add(rowId);
            }
            JsonNode ignore = d.path("ignore_attribute");
            if (ignore.isArray()) {
                ignore.forEach(node -> addName(ignored, node.asText("")));
            } else if (ignore.isTextual()) {
                addName(ignored, ignore.asText());
            }
            String md5 = text(d, "md5_checksum");
            if (md5 != null && !md5.matches("[0-9a-fA-F]{32}")) {
                md5 = null; // not an MD5: nothing to check against
            }
            return new Description(id, name, fileId, target, List.copyOf(ignored), md5);
        }

        private static void addName(List<String> names, String name) {
            if (!name.isBlank() && !names.contains(name.strip())) {
                names.add(name.strip());
            }
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || !value.isValueNode()) {
                return null;
            }
            String s = value.asText().strip();
            return s.isEmpty() ? null : s;
        }
    }

    // ---- HTTP ----

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
                    client = c;
                }
            }
        }
        return c;
    }

    /**
     * The body of a GET, at most {@code maxBytes}. The request fails when no answer comes, or nothing more of the
     * body arrives, for longer than the timeout. (The body is collected through callbacks rather than read from the
     * client's InputStream, whose blocking read ignores interrupts on Java 17, so a stalled server could hang it.)
     *
     * @throws HttpStatusException for an answer other than 200
     * @throws IOException         for network failures and timeouts
     */
    private byte[] get(URI uri, int maxBytes) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "hgq4j")
                .header("Accept", "application/json, */*").GET().build();
        Body body = new Body();
        CompletableFuture<HttpResponse<Void>> future = client().sendAsync(request, info -> {
            body.start(info.statusCode() == 200 ? maxBytes : 1 << 16);
            return HttpResponse.BodySubscribers.ofByteArrayConsumer(body::accept);
        });
        long poll = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        try {
            while (true) {
                try {
                    HttpResponse<Void> response = future.get(poll, TimeUnit.MILLISECONDS);
                    if (response.statusCode() != 200) {
                        throw new HttpStatusException(response.statusCode(), uri, body.bytes());
                    }
                    if (body.tooLarge()) {
                        throw new IOException("the answer is larger than the " + maxBytes + " bytes expected");
                    }
                    return body.bytes();
                } catch (TimeoutException e) {
                    if (body.tooLarge()) {
                        throw new IOException("the answer is larger than the " + maxBytes + " bytes expected");
                    }
                    if (System.nanoTime() - body.lastProgress() > timeout.toNanos()) {
                        throw new HttpTimeoutException(body.started()
                                ? "nothing arrived for " + duration() + " while reading " + uri
                                : "no answer from " + uri.getHost() + " within " + duration() + " (" + uri + ")");
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof IOException io ? io : new IOException(DataException.reason(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + uri);
        } finally {
            future.cancel(true); // no effect once done; otherwise abandons the exchange
        }
    }

    /** A response body collected chunk by chunk, up to a limit, with the time of the last progress. */
    private static final class Body {
        private byte[] data = new byte[1 << 12];
        private int size;
        private int limit = Integer.MAX_VALUE;
        private boolean started;
        private boolean tooLarge;
        private long lastProgress = System.nanoTime();

        synchronized void start(int maxBytes) {
            started = true;
            limit = maxBytes;
            lastProgress = System.nanoTime();
        }

        synchronized void accept(Optional<byte[]> chunk) {
            lastProgress = System.nanoTime();
            if (chunk.isEmpty() || tooLarge) {
                return;
            }
            byte[] bytes = chunk.get();
            if ((long) size + bytes.length > limit) {
                tooLarge = true;
                data = new byte[0];
                size = 0;
                return;
            }
            if (size + bytes.length > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(limit, Math.max(2L * data.length, (long) size + bytes.length)));
            }
            System.arraycopy(bytes, 0, data, size, bytes.length);
            size += bytes.length;
        }

        synchronized byte[] bytes() {
            return Arrays.copyOf(data, size);
        }

        synchronized boolean started() {
            return started;
        }

        synchronized boolean tooLarge() {
            return tooLarge;
        }

        synchronized long lastProgress() {
            return lastProgress;
        }
    }

    /** A network failure in words: {@code cannot connect to 127.0.0.1:1 (http://...)}. */
    private String networkReason(IOException e, URI uri) {
        String where = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection to " + where + " within " + duration() + " (" + uri + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return e.getMessage() != null && e.getMessage().startsWith("nothing arrived") ? e.getMessage()
                    : "no answer from " + where + " within " + duration() + " (" + uri + ")";
        }
        if (e instanceof ConnectException) {
            Throwable cause = e.getCause();
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "unknown host " + uri.getHost() + " (" + uri + ")";
            }
            return "cannot connect to " + where + " (" + uri + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")";
        }
        if (e instanceof InterruptedIOException) {
            return e.getMessage();
        }
        return DataException.reason(e) + " (" + uri + ")";
    }

    /** The timeout in words: {@code 30 s}, {@code 500 ms}. */
    private String duration() {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** An HTTP answer other than 200, with OpenML's error code and message when its body has them. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String openMlCode;

        HttpStatusException(int status, URI uri, byte[] body) {
            super(message(status, uri, body));
            this.status = status;
            this.openMlCode = openMlError(body).map(error -> error.path("code").asText(null)).orElse(null);
        }

        private static String message(int status, URI uri, byte[] body) {
            String detail = openMlError(body).map(error -> " (OpenML error " + error.path("code").asText("?") + ": "
                    + error.path("message").asText("") + ")").orElse("");
            return "HTTP " + status + " from " + uri + detail;
        }

        private static Optional<JsonNode> openMlError(byte[] body) {
            try {
                JsonNode root = JSON.readTree(body);
                JsonNode error = root == null ? null : root.get("error");
                return error != null && error.isObject() ? Optional.of(error) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    @Override
    public String toString() {
        return "OpenML at " + baseUrl + ", cache " + cacheRoot.resolve("openml") + ", timeout " + timeout.toMillis() + " ms";
    }
}
