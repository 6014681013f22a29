package io.hgq4j.model.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.fixed.FixedType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildManifestTest {

    @TempDir
    Path dir;

    private static BuildManifest manifest() {
        return new BuildManifest(BuildManifest.FORMAT, BuildManifest.VERSION, "jet", "jet_model", "ab".repeat(32),
                "pynq-z2", "xc7z020clg400-1", "zynq-axi-stream", 10.0,
                BuildManifest.Port.of("x", new PackedLayout(16, FixedType.signed(12, 5), 64)),
                BuildManifest.Port.of("out", new PackedLayout(5, FixedType.signed(11, 5), 64)), 8, 1,
                new BuildManifest.Estimate(1736, 2472, 688, 0, 0),
                Map.of("bitstream", "zynq/overlay/jet.bit", "hwh", "zynq/overlay/jet.hwh"));
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        BuildManifest m = manifest();
        Path file = m.write(dir);
        assertThat(file.getFileName().toString()).isEqualTo(BuildManifest.FILE_NAME);
        assertThat(BuildManifest.read(dir)).isEqualTo(m);
        assertThat(BuildManifest.read(file).input().layout()).isEqualTo(new PackedLayout(16, FixedType.signed(12, 5), 64));
    }

    @Test
    void aMissingManifestSaysWhereItLooked() {
        assertThatThrownBy(() -> BuildManifest.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve(BuildManifest.FILE_NAME).toString()).hasMessageContaining("hgq4j compile");
    }

    @Test
    void wrongFieldsAreNamed() throws IOException {
        String text = Files.readString(manifest().write(dir));
        Files.writeString(dir.resolve(BuildManifest.FILE_NAME), text.replace("\"latencyCycles\" : 8", "\"latencyCycles\" : \"eight\""));
        assertThatThrownBy(() -> BuildManifest.read(dir)).hasMessageContaining("latencyCycles");
        Files.writeString(dir.resolve(BuildManifest.FILE_NAME), text.replace("\"version\" : 1", "\"version\" : 7"));
        assertThatThrownBy(() -> BuildManifest.read(dir)).hasMessageContaining("version 7");
        Files.writeString(dir.resolve(BuildManifest.FILE_NAME), text.replace("\"wordsPerSample\" : 4", "\"wordsPerSample\" : 3"));
        assertThatThrownBy(() -> BuildManifest.read(dir)).hasMessageContaining("do not follow");
    }

    /** Truncations and random byte flips never escape as anything but a one-line IllegalArgumentException. */
    @Test
    void corruptedFilesFailCleanly() throws IOException {
        byte[] good = Files.readAllBytes(manifest().write(dir));
        Random random = new Random(5);
        Path file = dir.resolve(BuildManifest.FILE_NAME);
        int accepted = 0;
        for (int trial = 0; trial < 500; trial++) {
            byte[] bad = trial % 2 == 0 ? java.util.Arrays.copyOf(good, random.nextInt(good.length)) : good.clone();
            if (trial % 2 == 1) {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
            }
            Files.write(file, bad);
            try {
                BuildManifest.read(file);
                accepted++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
            }
        }
        assertThat(accepted).as("corrupted files that still parse (flips inside strings)").isLessThan(250);
        assertThat(new String(good, StandardCharsets.UTF_8)).contains("\"format\" : \"hgq4j-build\"");
    }
}
