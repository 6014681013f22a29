package io.hgq4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.hgq4j.model.fixed.FixedType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged files fail with an {@link OnnxImportException} (or import as some other valid model), never otherwise. */
class CorruptedInputTest {

    private static final Precision P = Precision.uniform(FixedType.parse("fixed<16,6,RND,SAT>")).withFinalSoftmaxDropped();

    /** Imports; returns whether it failed with a clear exception. Anything but OnnxImportException fails the test. */
    private static boolean tryImport(byte[] bytes, Precision precision, String what) {
        try {
            OnnxImporter.fromBytes(bytes, precision, "bad.onnx", "bad.onnx");
            return false;
        } catch (OnnxImportException e) {
            assertThat(e.getMessage()).as(what).startsWith("bad.onnx: ").doesNotContain("\n");
            return true;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail(what + ": " + e, e);
            return false;
        }
    }

    @Test
    void truncationsAndByteFlipsOfTheFloatFixture() throws IOException {
        byte[] good = Files.readAllBytes(FloatModelTest.fixture());
        fuzz(good, P, 300, 400);
    }

    @Test
    void truncationsAndByteFlipsOfAQonnxModel() {
        byte[] good = Qonnx.conv(3, true).toByteArray();
        fuzz(good, null, 400, 600);
    }

    private static void fuzz(byte[] good, Precision precision, int truncations, int flips) {
        Random r = new Random(42);
        int rejected = 0;
        for (int k = 0; k < truncations; k++) {
            int length = k < 50 ? k : r.nextInt(good.length);
            byte[] bad = java.util.Arrays.copyOf(good, length);
            rejected += tryImport(bad, precision, "truncated to " + length) ? 1 : 0;
        }
        assertThat(rejected).as("truncations rejected").isGreaterThan(truncations / 2);
        for (int k = 0; k < flips; k++) {
            byte[] bad = good.clone();
            int count = 1 + r.nextInt(4);
            for (int j = 0; j < count; j++) {
                int at = r.nextInt(bad.length);
                bad[at] = (byte) (bad[at] ^ (1 + r.nextInt(255)));
            }
            tryImport(bad, precision, "flip " + k);
        }
    }

    @Test
    void notAnOnnxFile() {
        assertThatThrownBy(() -> OnnxImporter.fromBytes("PK\3\4 this is a zip".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), null, "x.onnx", "x.onnx"))
                .isInstanceOf(OnnxImportException.class).hasMessageStartingWith("x.onnx: ");
        assertThatThrownBy(() -> OnnxImporter.fromBytes(new byte[0], null, "empty.onnx", "empty.onnx"))
                .isInstanceOf(OnnxImportException.class).hasMessageContaining("no graph");
    }
}
