package io.hgq4j.codegen.verilog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.cmvm.CmvmOptions;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.ir.FirmwareModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two HGQ peer models from {@code ../shared/peers} as Verilog, simulated by Verilator on real data: outputs equal
 * the emulator's, lint is clean, the latency is the timing model's. Skipped, with a message, only when
 * {@code ../shared} is absent.
 */
class RtlPeerModelsTest {

    private static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void findShared() {
        shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        assumeTrue(Files.isDirectory(shared.resolve("peers")), "skipped: no shared fixtures at " + shared.toAbsolutePath());
    }

    @Test
    void jetClassifierOnRandomInputs() throws Exception {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_jet_classifier.h5"));
        Random random = new Random(12345);
        double[][] samples = new double[10_000][16];
        for (double[] sample : samples) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = random.nextGaussian() * 1.5;
            }
        }
        VerilatorSim.Outcome outcome = VerilatorSim.run(model, new RtlOptions("jet", 2, 64, CmvmOptions.defaults()),
                samples, dir);
        System.out.printf("jet RTL: Verilator build %.1f s; %s%n", outcome.buildSeconds(), outcome.output());
        assertThat(outcome.lint()).isEmpty();
        assertThat(outcome.mismatches()).isZero();
        assertThat(outcome.latency()).isEqualTo(outcome.project().wrapperLatency());
    }

    /**
     * The first 2,000 MNIST test images (Verilator evaluates the whole unrolled CNN every cycle, about 0.1 s per image
     * on this machine; {@code -Dhgq4j.rtl.mnist.samples=10000} runs all of them).
     */
    @Test
    void mnistCnnOnTestImages() throws Exception {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_mnist_homogeneous.h5"));
        SampleArray images = SampleArrays.read(shared.resolve("data/mnist/t10k-images-idx3-ubyte.gz"), 1.0 / 256);
        int count = Integer.getInteger("hgq4j.rtl.mnist.samples", 2_000);
        double[][] samples = new double[count][];
        for (int s = 0; s < count; s++) {
            samples[s] = images.samples(s, s + 1).toArray();
        }
        VerilatorSim.Outcome outcome = VerilatorSim.run(model, new RtlOptions("mnist", 2, 64, CmvmOptions.defaults()),
                samples, dir);
        System.out.printf("MNIST CNN RTL: Verilator build %.1f s; %s%n", outcome.buildSeconds(), outcome.output());
        assertThat(outcome.lint()).isEmpty();
        assertThat(outcome.mismatches()).isZero();
        assertThat(outcome.latency()).isEqualTo(outcome.project().wrapperLatency());
    }
}
