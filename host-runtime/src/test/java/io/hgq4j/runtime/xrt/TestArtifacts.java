package io.hgq4j.runtime.xrt;

import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.deploy.PackedLayout;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.runtime.Artifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Build folders of the project's example model, as the compiler would write them, for the XRT tests. */
final class TestArtifacts {

    static final String PROJECT = "tiny_mlp";
    static final String KERNEL = PROJECT + "_kernel";

    private TestArtifacts() {
    }

    /** The example model {@code examples/tiny_mlp.hgq} of the project. */
    static Path exampleModel() {
        String project = System.getProperty("hgq4j.project.dir", "..");
        return Path.of(project, "examples", "tiny_mlp.hgq");
    }

    /**
     * An artifact in {@code folder} for {@code board} and {@code target}, with 32-bit bus words; {@code artifacts}
     * lists further files by kind (the model copy is always there).
     */
    static Artifact artifact(Path folder, String board, String target, Map<String, String> artifacts)
            throws IOException {
        byte[] bytes = Files.readAllBytes(exampleModel());
        String sha = BuildManifest.storeModel(folder, bytes);
        FirmwareModel model = HgqFile.fromBytes(bytes, exampleModel().toString());
        String out = model.outputs().get(0);
        PackedLayout in = new PackedLayout(model.inputs().get(0).type().size(),
                storable(model.inputs().get(0).type().storageType()), 32);
        PackedLayout outLayout = new PackedLayout(model.outputType(out).size(),
                storable(model.outputType(out).storageType()), 32);
        Map<String, String> files = new java.util.HashMap<>(artifacts);
        files.put("model", BuildManifest.MODEL_FILE);
        BuildManifest manifest = new BuildManifest(BuildManifest.FORMAT, BuildManifest.VERSION, PROJECT, model.name(),
                sha, board, "xcu55c-fsvh2892-2L-e", target, 3.33,
                BuildManifest.Port.of(model.inputs().get(0).name(), in),
                BuildManifest.Port.of(out, outLayout), 12, 1, new BuildManifest.Estimate(0, 0, 0, 0, 0), files);
        manifest.write(folder);
        return Artifact.open(folder);
    }

    /** An Alveo artifact for the U55C whose xclbin is {@code alveo/tiny_mlp.xclbin} (not written). */
    static Artifact alveo(Path folder) throws IOException {
        return artifact(folder, "alveo-u55c", Artifact.TARGET_ALVEO, Map.of("xclbin", "alveo/" + PROJECT + ".xclbin"));
    }

    /** The storage type codegen uses for a port: a zero-width type still takes one bit. */
    private static FixedType storable(FixedType t) {
        return t.isZero() ? FixedType.unsigned(1, 1) : t;
    }
}
