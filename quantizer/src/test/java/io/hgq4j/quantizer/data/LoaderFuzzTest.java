package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hgq4j.model.data.ArrayFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged ARFF, NPZ and CSV input — every truncation, every single-bit flip, random overwrites and random bytes — is
 * either read as some valid data set or rejected with a one-line {@link DataException} (or the model's
 * {@link ArrayFormatException}); never another exception, never a hang.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoaderFuzzTest {

    @TempDir
    Path dir;

    byte[] arff;
    byte[] npz;
    byte[] npzCompressed;
    byte[] csv;

    @BeforeEach
    void load() throws IOException {
        arff = resource("jets.arff");
        npz = resource("small.npz");
        npzCompressed = resource("small_compressed.npz");
        csv = "a,b,label\n0.5,-1e-3,1\n\n2,3,0\r\n1.7976931348623157E308,4.9E-324,2\n".getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = LoaderFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** The loaders under test, each reading bytes as its format. */
    Function<byte[], Object> arffLoader() {
        return bytes -> Arff.read(bytes, "fuzz.arff", null, List.of(), null);
    }

    Function<byte[], Object> fileLoader(String name, Function<Path, Object> loader) {
        return bytes -> {
            Path file = dir.resolve(name);
            try {
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return loader.apply(file);
        };
    }

    Function<byte[], Object> npzLoader() {
        return fileLoader("fuzz.npz", Datasets::npzTrainTest);
    }

    Function<byte[], Object> csvLoader() {
        return fileLoader("fuzz.csv", Datasets::csv);
    }

    /** 1 when rejected as expected, 0 when read; fails the test on any other outcome. */
    static int outcome(Function<byte[], Object> loader, byte[] bytes, String what) {
        try {
            assertThat(loader.apply(bytes)).isNotNull();
            return 0;
        } catch (DataException | ArrayFormatException e) {
            assertThat(e.getMessage()).as(what).isNotBlank().doesNotContain("\n", "\r");
            return 1;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
            return -1;
        }
    }

    void everyTruncationAndBitFlip(String name, Function<byte[], Object> loader, byte[] valid) {
        assertThat(outcome(loader, valid, name + " intact")).isZero();
        int rejected = 0;
        for (int length = 0; length < valid.length; length++) {
            rejected += outcome(loader, Arrays.copyOf(valid, length), name + " truncated to " + length);
        }
        assertThat(rejected).as("truncations of " + name + " rejected").isGreaterThan(valid.length / 2);
        rejected = 0;
        for (int bit = 0; bit < valid.length * 8; bit++) {
            byte[] damaged = valid.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            rejected += outcome(loader, damaged, name + " bit " + bit + " flipped");
        }
        assertThat(rejected).as("bit flips of " + name + " rejected").isPositive();
        Random random = new Random(name.hashCode());
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = valid.clone();
            int at = random.nextInt(damaged.length);
            int n = 1 + random.nextInt(Math.min(16, damaged.length - at));
            for (int i = 0; i < n; i++) {
                damaged[at + i] = (byte) random.nextInt(256);
            }
            outcome(loader, damaged, name + " overwritten at " + at);
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            outcome(loader, noise, name + " random bytes, trial " + trial);
        }
    }

    @Test
    void arff() throws IOException {
        everyTruncationAndBitFlip("jets.arff", arffLoader(), arff);
        everyTruncationAndBitFlip("jets.arff.gz", arffLoader(), gzip(arff));
        byte[] crlf = new String(arff, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        everyTruncationAndBitFlip("jets-crlf.arff", arffLoader(), crlf);
    }

    @Test
    void npz() {
        everyTruncationAndBitFlip("small.npz", npzLoader(), npz);
        everyTruncationAndBitFlip("small_compressed.npz", npzLoader(), npzCompressed);
    }

    @Test
    void csv() throws IOException {
        everyTruncationAndBitFlip("table.csv", csvLoader(), csv);
        everyTruncationAndBitFlip("table.csv.gz", fileLoader("fuzz.csv.gz", f -> Datasets.csv(f, -1, true)), gzip(csv));
    }
}
