package io.hgq4j.interop.qkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged JSON and HDF5 files give a one-line {@link QKerasImportException}, never another exception: truncations
 * (always refused) and random byte changes (refused, or, when the damage hits only weight values, imported).
 */
class QKerasCorruptedInputTest {

    private static final Precision PRECISION = Precision.parse("fixed<16,6,RND_CONV,SAT>");

    @TempDir
    Path dir;

    private byte[] json;
    private byte[] weights;

    private Path write(byte[] jsonBytes, byte[] weightBytes) throws IOException {
        Files.write(dir.resolve("m.json"), jsonBytes);
        Files.write(dir.resolve("m_weights.h5"), weightBytes);
        return dir.resolve("m.json");
    }

    private void load() throws IOException {
        Path source = QKerasFixtures.peer("qkeras_3layer.json");
        json = Files.readAllBytes(source);
        weights = Files.readAllBytes(QKerasImporter.weightsFileFor(source));
    }

    /** Imports, allowing only success or a one-line QKerasImportException; returns whether it failed. */
    private static boolean refusedCleanly(Path file) {
        try {
            QKerasImporter.read(file, PRECISION);
            return false;
        } catch (QKerasImportException e) {
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            return true;
        } catch (Throwable t) {
            fail("unexpected " + t.getClass().getName() + " for " + file, t);
            return true;
        }
    }

    @Test
    void truncatedJsonIsRefused() throws IOException {
        load();
        Random random = new Random(1);
        for (int n = 0; n < 60; n++) {
            int length = n == 0 ? 0 : random.nextInt(json.length - 1);
            byte[] cut = java.util.Arrays.copyOf(json, length);
            Path file = write(cut, weights);
            QKerasImportException e = assertThrows(QKerasImportException.class, () -> QKerasImporter.read(file,
                    PRECISION), "length " + length);
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void truncatedWeightsAreRefused() throws IOException {
        load();
        Random random = new Random(2);
        for (int n = 0; n < 40; n++) {
            int length = n == 0 ? 0 : random.nextInt(weights.length / 2);
            Path file = write(json, java.util.Arrays.copyOf(weights, length));
            assertThrows(QKerasImportException.class, () -> QKerasImporter.read(file, PRECISION), "length " + length);
        }
    }

    @Test
    void changedBytesNeverEscapeAsOtherExceptions() throws IOException {
        load();
        Random random = new Random(3);
        int refused = 0;
        for (int n = 0; n < 150; n++) {
            byte[] j = json.clone();
            byte[] w = weights.clone();
            byte[] target = n % 2 == 0 ? j : w;
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                target[random.nextInt(target.length)] = (byte) random.nextInt(256);
            }
            if (refusedCleanly(write(j, w))) {
                refused++;
            }
        }
        System.out.println("changed bytes: " + refused + " of 150 files refused, the rest imported");
    }

    @Test
    void notJsonAtAll() throws IOException {
        load();
        for (String text : new String[] {"", "[]", "null", "{\"class_name\": \"Sequential\"}", "{\"config\": {}}",
                "{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}",
                "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": 3}]}}",
                "[".repeat(5000)}) {
            Path file = write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), weights);
            assertThrows(QKerasImportException.class, () -> QKerasImporter.read(file, PRECISION), text);
        }
    }
}
