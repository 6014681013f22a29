package io.hgq4j.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.codegen.AcceleratorProject;
import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/** Build folders as {@code hgq4j compile} writes them, and inputs for them, for the runtime's tests. */
public final class Builds {

    private Builds() {
    }

    /** {@code ../shared}; the calling test is skipped, with a message, when it is absent. */
    public static Path shared() {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        assumeTrue(Files.isDirectory(shared.resolve("peers")), "skipped: no shared fixtures at " + shared.toAbsolutePath());
        return shared;
    }

    /** The HGQ jet tagger peer model. */
    public static FirmwareModel jet() throws IOException {
        return KerasHgqImporter.read(shared().resolve("peers/hgq_jet_classifier.h5"));
    }

    /**
     * Compiles {@code model} for {@code board} ({@code pynq-z2}, {@code alveo-u55c}, ...) with the HLS backend into
     * {@code dir}, packing samples into {@code wordBits}-bit words, and opens the result.
     */
    public static Artifact compile(FirmwareModel model, String board, int wordBits, Path dir) throws IOException {
        var b = BoardCatalog.builtIn().get(board);
        double[][] samples = {new double[model.inputs().get(0).type().size()]};
        new AcceleratorProject(model, b, Optional.empty(),
                new AcceleratorProject.Settings("net", b.defaultClockPeriodNs(), wordBits, 4096))
                .write(dir, samples, HgqFile.toBytes(model));
        return Artifact.open(dir);
    }

    /** N(0, 1.5²) values: for the jet model they drive the input quantizer into its overflow mode now and then. */
    public static float[] gaussian(int count, int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 1.5);
        }
        return values;
    }
}
