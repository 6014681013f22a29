package io.hgq4j.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged data files — truncated, bit-flipped, overwritten, or random — give an {@link ArrayFormatException} with a
 * one-line message naming the file, or read as some valid array; never another exception and never a hang.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SampleArraysFuzzTest {

    /** Valid files by name. */
    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("f8.npy", Npy.writeFloat64(new int[] {4, 3}, new double[] {
            1, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, 0.5, 2, 3, 4, 5, 6}));
        files.put("fortran-be.npy", NpyTest.npy(1, "{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3), }",
                0, 1, 0, 4, 0, 2, 0, 5, 0, 3, 0xff, 0xfa));
        files.put("v2.npy", NpyTest.npy(2, "{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }",
                0, 0, 0, 0, 0, 0, 0, 0x80, 9, 0, 0, 0, 0, 0, 0, 0));
        int[] pixels = new int[5 * 4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i * 37 % 256;
        }
        byte[] idx = SampleArraysTest.idx(0x08, new int[] {5, 4, 3}, pixels);
        files.put("images-idx3-ubyte", idx);
        files.put("images-idx3-ubyte.gz", SampleArraysTest.gzip(idx));
        files.put("floats.idx", SampleArraysTest.idx(0x0D, new int[] {2, 2}, 0x3f, 0xc0, 0, 0, 0x7f, 0xc0, 0, 0, 0, 0, 0, 1, 0xc1, 0, 0, 0));
        byte[] csv = "x0,x1,x2,label\n0.5,-1e-3,NaN,1\n\n2,3,4,0\r\n1.7976931348623157E308,4.9E-324,-0.0,9\n"
                .getBytes(StandardCharsets.US_ASCII);
        files.put("table.csv", csv);
        files.put("table.csv.gz", SampleArraysTest.gzip(csv));
        return files;
    }

    static Stream<String> names() {
        return files().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void validFilesRead(String name) {
        assertThat(SampleArrays.fromBytes(files().get(name), name, 1.0).count()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void everyTruncation(String name) {
        byte[] file = files().get(name);
        int rejected = 0;
        for (int length = 0; length < file.length; length++) {
            rejected += outcome(name, Arrays.copyOf(file, length), "truncated to " + length);
        }
        assertThat(rejected).as("truncations detected").isGreaterThan(file.length / 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void everySingleBitFlip(String name) {
        byte[] file = files().get(name);
        int rejected = 0;
        for (int bit = 0; bit < file.length * 8; bit++) {
            byte[] damaged = file.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            rejected += outcome(name, damaged, "bit " + bit + " flipped");
        }
        assertThat(rejected).as("bit flips detected").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void overwrittenRunsAndInsertions(String name) {
        byte[] file = files().get(name);
        Random random = new Random(name.hashCode());
        for (int i = 0; i < 3000; i++) {
            byte[] damaged = file.clone();
            int start = random.nextInt(damaged.length);
            int length = 1 + random.nextInt(16);
            String what;
            if (i % 3 == 2) { // insert random bytes
                byte[] longer = new byte[damaged.length + length];
                System.arraycopy(damaged, 0, longer, 0, start);
                for (int k = 0; k < length; k++) {
                    longer[start + k] = (byte) random.nextInt(256);
                }
                System.arraycopy(damaged, start, longer, start + length, damaged.length - start);
                damaged = longer;
                what = length + " bytes inserted at " + start;
            } else {
                for (int k = start; k < Math.min(damaged.length, start + length); k++) {
                    damaged[k] = (byte) (i % 3 == 0 ? random.nextInt(256) : "0123456789,.-eE\n\377\0".charAt(random.nextInt(18)));
                }
                what = "bytes " + start + ".." + (start + length) + " overwritten";
            }
            outcome(name, damaged, what);
        }
    }

    /** Random files: noise, noise behind each format's magic, and text from the characters of numbers. */
    @Test
    void randomContent() {
        Random random = new Random(7);
        String alphabet = "0123456789+-.eE,,,\n\n\r \tnaifNI\"x";
        for (int i = 0; i < 3000; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            for (String name : new String[] {"r.npy", "r.csv", "r.idx", "r.csv.gz"}) {
                outcome(name, noise, "noise " + i);
            }
            byte[] npy = Arrays.copyOf(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) (1 + random.nextInt(3)), 0},
                    8 + noise.length);
            System.arraycopy(noise, 0, npy, 8, noise.length);
            outcome("m.npy", npy, "noise after the NPY magic " + i);
            byte[] idx = Arrays.copyOf(new byte[] {0, 0, (byte) (0x08 + random.nextInt(7)), (byte) random.nextInt(4)}, 4 + noise.length);
            System.arraycopy(noise, 0, idx, 4, noise.length);
            outcome("m.idx", idx, "noise after the IDX magic " + i);
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(120); k > 0; k--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            outcome("t.csv", text.toString().getBytes(StandardCharsets.US_ASCII), "text " + text);
        }
    }

    /** 1 when the damage was reported, 0 when the bytes still read as an array; anything else fails the test. */
    private static int outcome(String name, byte[] damaged, String what) {
        try {
            SampleArray read = SampleArrays.fromBytes(damaged, "fuzz/" + name, 0.5);
            assertThat(read.toArray()).as(what).hasSize(read.count() * read.sampleSize());
            return 0;
        } catch (ArrayFormatException e) {
            assertThat(e.getMessage()).as(what).startsWith("fuzz/" + name + ": ").doesNotContain("\n").doesNotContain("\r");
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(name + ", " + what + " gave " + e, e);
        }
    }
}
