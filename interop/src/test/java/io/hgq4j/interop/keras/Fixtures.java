package io.hgq4j.interop.keras;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The peer models (copied into the test resources) and the shared fixtures beside the project. */
final class Fixtures {

    static final String JET = "hgq_jet_classifier.h5";
    static final String MNIST = "hgq_mnist_homogeneous.h5";

    private Fixtures() {
    }

    /** A peer model from this module's test resources. */
    static Path peer(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/peers/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared fixtures folder; skips the test when it is absent. */
    static Path sharedDir() {
        String dir = System.getProperty("hgq4j.shared.dir", "../shared");
        Path shared = Path.of(dir);
        assumeTrue(Files.isDirectory(shared), "shared fixtures not found at " + shared.toAbsolutePath()
                + " (system property hgq4j.shared.dir); skipping");
        return shared;
    }

    /**
     * The first {@code count} images of an IDX3 file (gzip), each as 28·28 = 784 values pixel/256, row-major. A tiny
     * reader for this test only: magic 2051, count, rows, columns (big-endian ints), then one byte per pixel.
     */
    static double[][] mnistImages(Path gz, int count) throws IOException {
        try (InputStream raw = Files.newInputStream(gz);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int magic = in.readInt();
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (magic != 2051 || rows != 28 || cols != 28 || n < count) {
                throw new IOException(gz + ": not an IDX3 file of 28x28 images (magic " + magic + ")");
            }
            double[][] images = new double[count][rows * cols];
            byte[] pixels = new byte[rows * cols];
            for (int i = 0; i < count; i++) {
                in.readFully(pixels);
                for (int p = 0; p < pixels.length; p++) {
                    images[i][p] = (pixels[p] & 0xff) / 256.0;
                }
            }
            return images;
        }
    }
}
