package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and foreign files always give an {@link ImportException} with one line naming the file. */
class CorruptedInputTest {

    @TempDir
    Path dir;

    private static byte[] jet() throws IOException {
        return Files.readAllBytes(Fixtures.peer(Fixtures.JET));
    }

    /** Imports the bytes; either succeeds or fails with a one-line ImportException naming the file. */
    private static String outcome(byte[] bytes, String source) {
        try {
            KerasHgqImporter.fromBytes(bytes, source, source);
            return "ok";
        } catch (ImportException e) {
            assertThat(e.getMessage()).startsWith(source + ": ").doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(700);
            return e.getMessage();
        }
    }

    @Test
    void truncatedCopiesOfAPeerFile() throws IOException {
        byte[] jet = jet();
        FirmwareModel original = KerasHgqImporter.read(Fixtures.peer(Fixtures.JET));
        int imported = 0;
        for (int length = 0; length < jet.length; length += length < 4096 ? 37 : 997) {
            Path file = dir.resolve("truncated.h5");
            Files.write(file, Arrays.copyOf(jet, length));
            try {
                // the last 224 bytes of this file are free space: without them the model is still complete
                assertThat(KerasHgqImporter.read(file).layers()).as("length %d", length).isEqualTo(original.layers());
                assertThat(length).isGreaterThanOrEqualTo(jet.length - 224);
                imported++;
            } catch (ImportException e) {
                assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n", "\r");
            }
        }
        for (int cut : new int[] {1, 100, 200}) {
            assertThat(KerasHgqImporter.fromBytes(Arrays.copyOf(jet, jet.length - cut), "t.h5", "hgq_jet_classifier.h5"))
                    .isEqualTo(original);
        }
        assertThat(imported).isLessThanOrEqualTo(1);
    }

    @Test
    void randomBytes() {
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[random.nextInt(5000)];
            random.nextBytes(bytes);
            if (i % 2 == 1 && bytes.length >= 8) {
                // a valid signature followed by garbage
                System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
            }
            assertThat(outcome(bytes, "random" + i + ".h5")).as("sample %d", i).isNotEqualTo("ok");
        }
        assertThat(outcome("not hdf5 at all".getBytes(StandardCharsets.UTF_8), "text.h5"))
                .isEqualTo("text.h5: not an HDF5 file (no HDF5 signature)");
    }

    @Test
    @Timeout(120)
    void randomByteChangesInAPeerFile() throws IOException {
        byte[] jet = jet();
        Random random = new Random(5);
        int failures = 0;
        for (int i = 0; i < 400; i++) {
            byte[] bytes = jet.clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            failures += outcome(bytes, "flipped" + i + ".h5").equals("ok") ? 0 : 1;
        }
        assertThat(failures).isPositive();
    }

    @Test
    void aHgqZipFile() throws IOException {
        Path file = dir.resolve("model.hgq");
        HgqFile.write(RandomModels.model(0, 1), file);
        assertThatThrownBy(() -> KerasHgqImporter.read(file)).isInstanceOf(ImportException.class)
                .hasMessage(file + ": this is a zip archive (a .hgq model or a Keras 3 .keras file?), not a Keras 2 HDF5 file");
    }

    @Test
    void aConfigWhoseWeightDatasetIsMissing() {
        KerasH5Builder b = KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Dense", KerasH5Builder.config("d").put("units", 2).put("activation", "linear"), "x_q")
                .weights("d", Map.of("bias", new float[2]))
                .uniformQuantizer("out", "d", "TRN", "WRAP", 8, 3, 1).output("out");
        Path file = b.write(dir.resolve("missing.h5"));
        assertThatThrownBy(() -> KerasHgqImporter.read(file)).isInstanceOf(ImportException.class)
                .hasMessage(file + ": layer 'd' (Dense): missing weight 'kernel' (expected a dataset kernel:0 listed in "
                        + "model_weights/d/weight_names)");

        KerasH5Builder noGroup = KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Dense", KerasH5Builder.config("d").put("units", 2).put("activation", "linear"), "x_q")
                .uniformQuantizer("out", "d", "TRN", "WRAP", 8, 3, 1).output("out");
        Path file2 = noGroup.write(dir.resolve("nogroup.h5"));
        assertThatThrownBy(() -> KerasHgqImporter.read(file2)).isInstanceOf(ImportException.class)
                .hasMessage(file2 + ": layer 'd' (Dense): the file has no weights group model_weights/d");
    }

    @Test
    void badModelConfigs() {
        Path notJson = KerasH5Builder.functional("m").rawConfig("{\"class_name\": ").write(dir.resolve("nojson.h5"));
        assertThatThrownBy(() -> KerasHgqImporter.read(notJson)).isInstanceOf(ImportException.class)
                .hasMessageStartingWith(notJson + ": model_config is not valid JSON");
        Path subclassed = KerasH5Builder.functional("m").rawConfig("{\"class_name\": \"MyModel\", \"config\": {}}")
                .write(dir.resolve("custom.h5"));
        assertThatThrownBy(() -> KerasHgqImporter.read(subclassed)).isInstanceOf(ImportException.class)
                .hasMessage(subclassed + ": model_config describes a 'MyModel'; expected a Keras Functional or Sequential model");
        Path dangling = KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "nowhere", "RND", "SAT", 8, 3, 1).output("x_q").write(dir.resolve("dangling.h5"));
        assertThatThrownBy(() -> KerasHgqImporter.read(dangling)).isInstanceOf(ImportException.class)
                .hasMessage(dangling + ": layer 'x_q' (FixedPointQuantizer): reads 'nowhere', which is not a layer of the model");
    }

    @Test
    void aWeightsOnlyFile() throws IOException {
        Path shared = Fixtures.sharedDir().resolve("peers/KERAS_3layer_weights.h5");
        assertThatThrownBy(() -> KerasHgqImporter.read(shared)).isInstanceOf(ImportException.class)
                .hasMessage(shared + ": no model_config attribute: not a Keras model saved with model.save() "
                        + "(a weights-only file holds no architecture)");
    }

    @Test
    void aMissingFileIsAnIoError() {
        Path missing = dir.resolve("nope.h5");
        assertThatThrownBy(() -> KerasHgqImporter.read(missing)).isInstanceOf(NoSuchFileException.class);
    }
}
