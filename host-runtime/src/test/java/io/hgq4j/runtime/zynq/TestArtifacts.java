package io.hgq4j.runtime.zynq;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.codegen.AcceleratorProject;
import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import io.hgq4j.runtime.Artifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/** Build folders as {@code hgq4j compile} writes them, for the Zynq tests. */
final class TestArtifacts {

    private TestArtifacts() {
    }

    /** The shared fixtures folder ({@code ../shared}); skips the test when it is absent. */
    static Path shared() {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        assumeTrue(Files.isDirectory(shared.resolve("peers")), "no shared fixtures at " + shared.toAbsolutePath());
        return shared;
    }

    /** The HGQ jet classifier, imported from its .h5. */
    static FirmwareModel jet() throws IOException {
        return KerasHgqImporter.read(shared().resolve("peers/hgq_jet_classifier.h5"));
    }

    /** A small random MLP (no shared files needed). */
    static FirmwareModel mlp() {
        return RandomModels.model(RandomModels.RECIPES.indexOf("mlp"), 5);
    }

    /** Writes the build folder of {@code model} for {@code board} into {@code dir} and opens it. */
    static Artifact build(FirmwareModel model, String board, Path dir) throws IOException {
        Random random = new Random(1);
        double[][] samples = new double[4][];
        for (int s = 0; s < samples.length; s++) {
            samples[s] = RandomModels.sample(model.inputs().get(0), random);
        }
        var b = BoardCatalog.builtIn().get(board);
        new AcceleratorProject(model, b, Optional.empty(), new AcceleratorProject.Settings("net", 5.0, 64, 1024))
                .write(dir, samples, HgqFile.toBytes(model));
        return Artifact.open(dir);
    }

    /** Random real inputs for {@code count} samples of {@code size} values, some out of the quantizers' ranges. */
    static float[] inputs(int count, int size, long seed) {
        Random random = new Random(seed);
        float[] x = new float[count * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 2);
        }
        return x;
    }
}
