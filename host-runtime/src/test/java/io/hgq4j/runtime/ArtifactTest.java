package io.hgq4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening build folders: the manifest, the model copy and its checksum, and the mistakes users make. */
class ArtifactTest {

    @TempDir
    Path dir;

    @Test
    void aBuildFolderOrItsManifestOpensWithTheModelItWasBuiltFrom() throws Exception {
        FirmwareModel model = RandomModels.model(0, 5);
        Artifact a = Builds.compile(model, "alveo-u55c", 64, dir);
        assertThat(a.model()).isEqualTo(model);
        assertThat(a.isAlveoKernel()).isTrue();
        assertThat(a.file("xclbin")).contains(dir.resolve("alveo/net.xclbin"));
        assertThat(a.file("bitstream")).isEmpty();
        assertThat(Artifact.open(dir.resolve(BuildManifest.FILE_NAME)).model()).isEqualTo(model);
    }

    @Test
    void mistakesNameTheFileAndWhatToDo() throws Exception {
        FirmwareModel model = RandomModels.model(0, 5);
        Path hgq = dir.resolve("m.hgq");
        HgqFile.write(model, hgq);
        assertThatThrownBy(() -> Artifact.open(hgq)).hasMessage(hgq + ": a model, not a compiled artifact; run hgq4j"
                + " compile " + hgq + " -o DIR first and pass DIR");
        assertThatThrownBy(() -> Artifact.open(dir.resolve("nope"))).hasMessageEndingWith("nope: no such build folder or manifest");

        Path build = dir.resolve("build");
        Builds.compile(model, "pynq-z2", 64, build);
        Path copy = build.resolve(BuildManifest.MODEL_FILE);
        HgqFile.write(RandomModels.model(0, 6), copy);
        assertThatThrownBy(() -> Artifact.open(build)).hasMessageStartingWith(copy + ": SHA-256 ")
                .hasMessageEndingWith("; the folder mixes two builds");
        Files.delete(copy);
        assertThatThrownBy(() -> Artifact.open(build))
                .hasMessage(copy + ": the build's model copy is missing; run hgq4j compile again");
    }
}
