package io.hgq4j.runtime;

import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled model as a device opens it: the build folder written by {@code hgq4j compile}, its manifest (board,
 * clock, latency, the packed word layout) and the model it was generated from (the folder's copy,
 * {@value BuildManifest#MODEL_FILE}, checked against the manifest's SHA-256).
 *
 * @param folder   the build folder
 * @param manifest its build manifest
 * @param model    the model the accelerator computes
 */
public record Artifact(Path folder, BuildManifest manifest, FirmwareModel model) {

    /** The manifest's target of an Alveo kernel (HLS, m_axi). */
    public static final String TARGET_ALVEO = "alveo-kernel";

    /** Checks the parts. */
    public Artifact {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(model, "model");
    }

    /**
     * Opens a build folder, or the manifest file inside one.
     *
     * @throws IllegalArgumentException naming the file and what is wrong: no manifest, a model file instead of a build
     *                                  folder, a missing or modified model copy
     */
    public static Artifact open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such build folder or manifest");
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".hgq")) {
            throw new IllegalArgumentException(path + ": a model, not a compiled artifact; run hgq4j compile " + path
                    + " -o DIR first and pass DIR");
        }
        BuildManifest manifest = BuildManifest.read(path);
        Path folder = (Files.isDirectory(path) ? path : path.toAbsolutePath().getParent()).normalize();
        String modelName = manifest.artifacts().get("model");
        if (modelName == null) {
            throw new IllegalArgumentException(folder.resolve(BuildManifest.FILE_NAME) + ": artifacts.model is missing"
                    + " (a build folder from an older hgq4j); run hgq4j compile again");
        }
        Path modelFile = folder.resolve(modelName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(modelFile + ": the build's model copy is missing; run hgq4j compile again");
        }
        String sha = BuildManifest.sha256(bytes);
        if (!sha.equals(manifest.modelSha256())) {
            throw new IllegalArgumentException(modelFile + ": SHA-256 " + sha + " differs from the manifest's modelSha256 "
                    + manifest.modelSha256() + "; the folder mixes two builds");
        }
        return new Artifact(folder, manifest, HgqFile.fromBytes(bytes, modelFile.toString()));
    }

    /** The file of an artifact kind ({@code bitstream}, {@code hwh}, {@code xclbin}, {@code model}) when listed. */
    public Optional<Path> file(String kind) {
        String name = manifest.artifacts().get(kind);
        return name == null ? Optional.empty() : Optional.of(folder.resolve(name));
    }

    /** Whether the accelerator is an Alveo kernel (else an AXI-Stream core behind a DMA on a Zynq). */
    public boolean isAlveoKernel() {
        return TARGET_ALVEO.equals(manifest.target());
    }

    /** The clock frequency the design was built for, in MHz. */
    public double clockMhz() {
        return 1000.0 / manifest.clockPeriodNs();
    }
}
