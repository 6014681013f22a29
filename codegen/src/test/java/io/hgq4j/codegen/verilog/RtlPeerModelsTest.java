package io.hgq4j.codegen.verilog;

import io.hgq4j.codegen.TestInputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.cmvm.CmvmOptions;
import io.hgq4j.model.ir.FirmwareModel;
import java.nio.file.Path;
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
        shared = TestInputs.shared();
    }

    @Test
    void jetClassifierOnRandomInputs() throws Exception {
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_jet_classifier.h5"));
        double[][] samples = TestInputs.jet(10_000);
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
        double[][] samples = TestInputs.mnist(shared, Integer.getInteger("hgq4j.rtl.mnist.samples", 2_000));
        VerilatorSim.Outcome outcome = VerilatorSim.run(model, new RtlOptions("mnist", 2, 64, CmvmOptions.defaults()),
                samples, dir);
        System.out.printf("MNIST CNN RTL: Verilator build %.1f s; %s%n", outcome.buildSeconds(), outcome.output());
        assertThat(outcome.lint()).isEmpty();
        assertThat(outcome.mismatches()).isZero();
        assertThat(outcome.latency()).isEqualTo(outcome.project().wrapperLatency());
    }
}
