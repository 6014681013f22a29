package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.DeviceUnavailableException;
import io.hgq4j.runtime.EmulatedAccelerator;
import io.hgq4j.runtime.EmulatorDevice;
import io.hgq4j.runtime.Outputs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The jet classifier through the Zynq driver on the emulated board, against the emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZynqDeviceTest {

    private Path dir;
    private Artifact jet;
    private EmulatorDevice reference;

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        this.dir = dir;
        jet = TestArtifacts.build(TestArtifacts.jet(), "pynq-z2", dir.resolve("jet"));
        reference = new EmulatorDevice(jet);
    }

    @AfterAll
    void close() {
        if (reference != null) {
            reference.close();
        }
    }

    private ZynqDevice open(EmulatedZynqBoard board, Duration timeout) {
        return new ZynqDevice(jet, board, DeviceKind.ZYNQ_EMULATED, timeout);
    }

    private EmulatedZynqBoard board(int lengthWidth, int bufferBytes) {
        return new EmulatedZynqBoard(jet, EmulatedZynqBoard.defaultCore(jet, lengthWidth), bufferBytes);
    }

    private void assertSameAsEmulator(Device device, int count, long seed) {
        float[] x = TestArtifacts.inputs(count, device.codec().inputSize(), seed);
        Outputs expected = reference.infer(x, count);
        Outputs actual = device.infer(x, count);
        assertThat(actual.codes()).isEqualTo(expected.codes());
        if (count >= 10) {
            // not a vacuous comparison: the model's outputs vary with the inputs
            assertThat(java.util.Arrays.stream(expected.codes()).distinct().count()).isGreaterThan(count / 10);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000})
    void outputsEqualTheEmulatorsBitForBit(int count) throws Exception {
        DeviceOptions options = DeviceOptions.defaults().withKind(DeviceKind.ZYNQ_EMULATED);
        try (Device device = ZynqDevice.EMULATED_PROVIDER.open(jet, options)) {
            assertThat(device.info().kind()).isEqualTo(DeviceKind.ZYNQ_EMULATED);
            assertThat(device.info().detail()).contains("axi_dma_0 at 0x40400000 (26-bit length)");
            assertSameAsEmulator(device, count, count);
            // packed words too, and a second batch through the same buffers
            ByteBuffer in = device.codec().newInputBuffer(count);
            device.codec().encode(TestArtifacts.inputs(count, device.codec().inputSize(), 77), 0, count, in);
            ByteBuffer out = device.codec().newOutputBuffer(count);
            ByteBuffer expected = reference.codec().newOutputBuffer(count);
            device.inferPacked(in, out, count);
            reference.inferPacked(in, expected, count);
            assertThat(out).isEqualTo(expected);
        }
    }

    @Test
    void aBatchTakesTheAcceleratorsCyclesInSimulatedTime() {
        EmulatedZynqBoard board = board(26, 1 << 20);
        try (ZynqDevice device = open(board, Duration.ofSeconds(1))) {
            int count = 1000;
            float[] x = TestArtifacts.inputs(count, device.codec().inputSize(), 5);
            long start = board.clock().nanos();
            device.infer(x, count);
            long elapsed = board.clock().nanos() - start;
            long cycles = new EmulatedAccelerator(jet, device.codec()).cycles(count);
            double computeNs = cycles * 1000.0 / jet.clockMhz();
            assertThat(elapsed).isGreaterThanOrEqualTo((long) computeNs + EmulatedAxiDma.SETUP_NS);
            // the poll adds at most one register access per status read, and there are a dozen other accesses
            assertThat(elapsed).isLessThan((long) computeNs + EmulatedAxiDma.SETUP_NS + 20 * EmulatedAxiDma.ACCESS_NS);
        }
    }

    @Test
    void aBatchLongerThanTheLengthRegisterIsSplitIntoSeveralTransfers() {
        EmulatedZynqBoard board = board(8, 1 << 16);
        try (ZynqDevice device = open(board, Duration.ofSeconds(1))) {
            int perTransfer = device.samplesPerTransfer();
            assertThat((long) perTransfer * Math.max(device.codec().inputBytes(1), device.codec().outputBytes(1)))
                    .isLessThanOrEqualTo(255);
            assertSameAsEmulator(device, 1000, 3);
            assertThat(board.emulatedDma().transfers()).isEqualTo((1000 + perTransfer - 1) / perTransfer);
        }
    }

    @Test
    void aSmallBufferAlsoSplitsTheBatch() {
        EmulatedZynqBoard board = board(26, 1024);
        try (ZynqDevice device = open(board, Duration.ofSeconds(1))) {
            assertSameAsEmulator(device, 333, 4);
            assertThat(board.emulatedDma().transfers()).isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @EnumSource(EmulatedAxiDma.Fault.class)
    void aFaultIsReportedByNameAndTheNextBatchSucceeds(EmulatedAxiDma.Fault fault) {
        EmulatedZynqBoard board = board(26, 1 << 20);
        try (ZynqDevice device = open(board, Duration.ofMillis(5))) {
            assertSameAsEmulator(device, 10, 1);
            long resets = device.dma().resets();
            board.emulatedDma().inject(fault);
            float[] x = TestArtifacts.inputs(50, device.codec().inputSize(), 2);
            String expected = switch (fault) {
                case SLAVE_ERROR -> "MM2S status 0x00004021 (Halted, DMASlvErr = slave error";
                case DECODE_ERROR -> "S2MM status 0x00004041 (Halted, DMADecErr = decode error";
                case INTERNAL_ERROR -> "S2MM status 0x00004011 (Halted, DMAIntErr = internal error";
                case STUCK -> "did not finish within PT0.005S";
                case SHORT_OUTPUT -> "received " + (device.codec().outputBytes(50) - 8) + " of the "
                        + device.codec().outputBytes(50) + " output bytes";
            };
            assertThatThrownBy(() -> device.infer(x, 50)).isInstanceOf(DeviceException.class)
                    .hasMessageStartingWith("AXI DMA axi_dma_0: transfer of " + device.codec().inputBytes(50)
                            + " bytes in, " + device.codec().outputBytes(50) + " out")
                    .hasMessageContaining(expected).hasMessageContaining("the DMA was reset")
                    .hasMessageNotContaining("\n");
            assertThat(device.dma().resets()).isEqualTo(resets + 1);
            assertSameAsEmulator(device, 50, 2);
            assertSameAsEmulator(device, 1000, 6);
        }
    }

    @Test
    void aTooLongTransferIsRefusedAndTheNextBatchSucceeds() {
        EmulatedZynqBoard board = board(10, 1 << 16);
        try (ZynqDevice device = open(board, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> device.dma().transfer(board.buffer(), 0, 2048, board.buffer(), 4096, 64))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("transfer of 2048 bytes does not fit the 10-bit length register");
            assertSameAsEmulator(device, 100, 8);
        }
    }

    @Test
    void theEmulatedProviderRefusesAnAlveoKernel() throws IOException {
        Artifact alveo = TestArtifacts.build(TestArtifacts.mlp(), "alveo-u55c", dir.resolve("alveo"));
        assertThatThrownBy(() -> ZynqDevice.EMULATED_PROVIDER.open(alveo, DeviceOptions.defaults()))
                .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("an Alveo kernel");
    }

    @Test
    void aDmaWithOtherStreamWidthsIsRefused() {
        var core = EmulatedZynqBoard.defaultCore(jet, 26);
        var narrow = new HardwareHandoff.AxiDmaCore(core.instance(), core.fullName(), core.baseAddress(), core.range(),
                26, 32, 32, 32, 32, 32);
        assertThatThrownBy(() -> open(new EmulatedZynqBoard(jet, narrow, 1 << 16), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streams 32-bit words in and 32-bit words out; the build packs 64 and 64 bits");
    }
}
