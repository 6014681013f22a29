package io.hgq4j.runtime.zynq;

import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Builds;
import java.io.IOException;
import java.nio.file.Path;

/** Build folders as {@code hgq4j compile} writes them, for the Zynq tests (see {@link Builds}). */
final class TestArtifacts {

    private TestArtifacts() {
    }

    /** The HGQ jet classifier, imported from its .h5; skips the test when the shared fixtures are absent. */
    static FirmwareModel jet() throws IOException {
        return Builds.jet();
    }

    /** A small random MLP (no shared files needed). */
    static FirmwareModel mlp() {
        return RandomModels.model(RandomModels.RECIPES.indexOf("mlp"), 5);
    }

    /** Writes the build folder of {@code model} for {@code board} into {@code dir} and opens it. */
    static Artifact build(FirmwareModel model, String board, Path dir) throws IOException {
        return Builds.compile(model, board, 64, dir);
    }

    /** Random real inputs for {@code count} samples of {@code size} values, some out of the quantizers' ranges. */
    static float[] inputs(int count, int size, long seed) {
        return Builds.gaussian(count, size, seed);
    }
}
