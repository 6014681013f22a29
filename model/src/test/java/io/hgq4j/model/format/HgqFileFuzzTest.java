package io.hgq4j.model.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.InvalidModelException;
import io.hgq4j.model.testing.RandomModels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged .hgq files — truncated, bit-flipped, overwritten, or with mutated entries behind valid checksums — must
 * give an {@link InvalidModelException} (or, where the damage lies in bytes a reader ignores, the very same model),
 * never another exception and never a hang. Each test runs on two random models that together hold every kind of
 * layer field: the "branches" recipe (dense, add, concatenate, table, quantize) and the "softmax" recipe (a softmax
 * with its two tables and three types).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HgqFileFuzzTest {

    private FirmwareModel model;
    private byte[] file;

    private void use(int recipe) {
        model = RandomModels.model(recipe, 42).toBuilder().metric("accuracy", 0.5).build();
        file = HgqFile.toBytes(model);
    }

    @ParameterizedTest(name = "recipe {0}")
    @ValueSource(ints = {3, 5})
    void truncatedFiles(int recipe) {
        use(recipe);
        int rejected = 0;
        for (int length = 0; length < file.length; length += Math.max(1, file.length / 400)) {
            rejected += outcome(Arrays.copyOf(file, length), "truncated to " + length);
        }
        assertThat(rejected).as("truncations detected").isGreaterThan(0);
    }

    @ParameterizedTest(name = "recipe {0}")
    @ValueSource(ints = {3, 5})
    void singleBitFlips(int recipe) {
        use(recipe);
        Random random = new Random(1);
        int rejected = 0;
        int trials = 3000;
        for (int i = 0; i < trials; i++) {
            byte[] damaged = file.clone();
            int bit = random.nextInt(damaged.length * 8);
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            rejected += outcome(damaged, "bit " + bit + " flipped");
        }
        // Flips in the central directory and a few header fields are ignored by a streaming reader; data never is.
        assertThat(rejected).as("bit flips detected").isGreaterThan(trials / 2);
    }

    @ParameterizedTest(name = "recipe {0}")
    @ValueSource(ints = {3, 5})
    void overwrittenRuns(int recipe) {
        use(recipe);
        Random random = new Random(2);
        for (int i = 0; i < 1000; i++) {
            byte[] damaged = file.clone();
            int start = random.nextInt(damaged.length);
            int length = 1 + random.nextInt(32);
            for (int k = start; k < Math.min(damaged.length, start + length); k++) {
                damaged[k] = (byte) random.nextInt(256);
            }
            outcome(damaged, "bytes " + start + ".." + (start + length) + " overwritten");
        }
    }

    /** Entries damaged before zipping, so the checksums are right and the parsers see the damage. */
    @ParameterizedTest(name = "recipe {0}")
    @ValueSource(ints = {3, 5})
    void mutatedEntriesBehindValidChecksums(int recipe) {
        use(recipe);
        Random random = new Random(3);
        Map<String, byte[]> entries = HgqFile.entriesOf(model);
        String[] names = entries.keySet().toArray(String[]::new);
        for (int i = 0; i < 3000; i++) {
            Map<String, byte[]> damaged = new LinkedHashMap<>(entries);
            String name = names[random.nextInt(names.length)];
            damaged.put(name, mutate(entries.get(name), random));
            byte[] bytes = HgqFile.zip(damaged);
            try {
                HgqFile.fromBytes(bytes, "fuzz.hgq");
            } catch (InvalidModelException e) {
                assertThat(e.getMessage()).startsWith("fuzz.hgq: ").doesNotContain("\n");
            } catch (RuntimeException | Error e) {
                fail("mutating " + name + " gave " + e + "\n" + new String(damaged.get(name), StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    /** 1 when the damage was reported, 0 when the file still reads as the same model; anything else fails. */
    private int outcome(byte[] damaged, String what) {
        try {
            FirmwareModel read = HgqFile.fromBytes(damaged, "fuzz.hgq");
            assertThat(read).as("%s: read a model, so it must be the original", what).isEqualTo(model);
            return 0;
        } catch (InvalidModelException e) {
            assertThat(e.getMessage()).as(what).startsWith("fuzz.hgq: ").doesNotContain("\n");
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " gave " + e, e);
        }
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        byte[] out = bytes.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip a bit
                int bit = random.nextInt(out.length * 8);
                out[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            case 1 -> out[random.nextInt(out.length)] = (byte) "0123456789-,[]{}\":eE.".charAt(random.nextInt(21));
            case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length)); // truncate
            case 3 -> { // delete a run
                int start = random.nextInt(out.length);
                int end = Math.min(out.length, start + 1 + random.nextInt(8));
                byte[] shorter = new byte[out.length - (end - start)];
                System.arraycopy(out, 0, shorter, 0, start);
                System.arraycopy(out, end, shorter, start, out.length - end);
                out = shorter;
            }
            default -> { // duplicate a run
                int start = random.nextInt(out.length);
                int end = Math.min(out.length, start + 1 + random.nextInt(8));
                byte[] longer = new byte[out.length + (end - start)];
                System.arraycopy(out, 0, longer, 0, end);
                System.arraycopy(out, start, longer, end, out.length - start);
                out = longer;
            }
        }
        return out;
    }
}
