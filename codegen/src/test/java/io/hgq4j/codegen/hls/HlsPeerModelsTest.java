package io.hgq4j.codegen.hls;

import io.hgq4j.codegen.TestInputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.ir.FirmwareModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two HGQ peer models from {@code ../shared/peers}: their generated C++, compiled with g++, gives the emulator's
 * outputs on real data. Skipped, with a message, only when {@code ../shared} is absent.
 */
class HlsPeerModelsTest {

    private static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void findShared() {
        shared = TestInputs.shared();
    }

    /** All 10,000 MNIST test images through the CNN's core and its AXI-Stream wrapper. */
    @Test
    void mnistCnnOnEveryTestImage() throws Exception {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_mnist_homogeneous.h5"));
        double[][] samples = TestInputs.mnist(shared, 10_000);
        GccCsim.Outcome outcome = GccCsim.run(model, new HlsOptions("mnist_cnn", HlsOptions.Target.ZYNQ_AXI_STREAM, 64),
                samples, dir);
        System.out.printf("MNIST CNN: g++ -O1 build %.1f s; %s%n", outcome.compileSeconds(), outcome.testbenchOutput());
        assertThat(outcome.samples()).isEqualTo(10_000);
        assertThat(outcome.mismatches()).isZero();
    }

    /** 10,000 N(0, 1.5²) inputs, which drive the jet model's input quantizer into WRAP now and then, through the Alveo kernel. */
    @Test
    void jetClassifierOnRandomInputs() throws Exception {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_jet_classifier.h5"));
        double[][] samples = TestInputs.jet(10_000);
        GccCsim.Outcome outcome = GccCsim.run(model, new HlsOptions("jet", HlsOptions.Target.ALVEO_KERNEL, 64), samples, dir);
        System.out.printf("jet: g++ -O1 build %.1f s; %s%n", outcome.compileSeconds(), outcome.testbenchOutput());
        assertThat(outcome.mismatches()).isZero();
    }
}
