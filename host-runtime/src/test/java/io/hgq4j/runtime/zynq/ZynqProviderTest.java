package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.DeviceUnavailableException;
import io.hgq4j.runtime.Devices;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real-board provider against a fake system root: what it refuses, and what it writes before touching the DMA. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZynqProviderTest {

    private Artifact zynq;
    private Artifact alveo;

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        zynq = TestArtifacts.build(TestArtifacts.mlp(), "pynq-z2", dir.resolve("zynq"));
        alveo = TestArtifacts.build(TestArtifacts.mlp(), "alveo-u55c", dir.resolve("alveo"));
    }

    private static DeviceOptions options(Path root) {
        return DeviceOptions.defaults().withKind(DeviceKind.ZYNQ).withSystemRoot(root).withTimeout(Duration.ofMillis(20))
                .withLog(line -> { });
    }

    /** The overlay files where the manifest says, as if make bitstream had run. */
    private void writeOverlay() throws IOException {
        Path bit = zynq.file("bitstream").orElseThrow();
        Files.createDirectories(bit.getParent());
        Files.write(bit, TestFiles.pynqBit());
        Files.write(zynq.file("hwh").orElseThrow(), HardwareHandoffTest.pynqHwh());
    }

    @Test
    void withoutAnFpgaManagerTheBoardIsUnavailable(@TempDir Path root) {
        assertThatThrownBy(() -> ZynqDevice.PROVIDER.open(zynq, options(root)))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessage("no FPGA manager at " + root.resolve("sys/class/fpga_manager/fpga0"));
    }

    @Test
    void aManagerWithoutTheFirmwareAttributeIsNamed(@TempDir Path root) throws IOException {
        Path manager = FpgaManagerTest.fakeManager(root, "operating");
        Files.delete(manager.resolve("firmware"));
        assertThatThrownBy(() -> ZynqDevice.PROVIDER.open(zynq, options(root)))
                .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("has no firmware attribute");
    }

    @Test
    void anAlveoKernelIsNotAZynqOverlay(@TempDir Path root) throws IOException {
        FpgaManagerTest.fakeManager(root, "operating");
        assertThatThrownBy(() -> ZynqDevice.PROVIDER.open(alveo, options(root)))
                .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("an Alveo kernel");
    }

    @Test
    void anUnbuiltBitstreamSaysHowToBuildIt(@TempDir Path root, @TempDir Path dir) throws IOException {
        FpgaManagerTest.fakeManager(root, "operating");
        Artifact unbuilt = TestArtifacts.build(TestArtifacts.mlp(), "pynq-z2", dir);
        assertThatThrownBy(() -> ZynqDevice.PROVIDER.open(unbuilt, options(root)))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessage("bitstream not built: run make -C " + unbuilt.folder() + " bitstream on a machine with Vivado");
        // and Devices joins the reason into its error when the kind is forced
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> new Devices(List.of(ZynqDevice.PROVIDER)).open(unbuilt,
                options(root).withLog(log::add))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("device zynq unavailable: zynq: bitstream not built");
    }

    @Test
    void programsTheOverlayMapsTheDmaAndGivesUpWhenTheDmaDoesNotAnswer(@TempDir Path root) throws IOException {
        Path manager = FpgaManagerTest.fakeManager(root, "operating");
        writeOverlay();
        assertThatThrownBy(() -> ZynqDevice.PROVIDER.open(zynq, options(root)))
                .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("no u-dma-buf device under");

        UdmaBufferTest.fakeUdmabuf(root, "udmabuf0", 0x1800_0000L, 1 << 16);
        long base = 0x4040_0000L;
        try (RandomAccessFile mem = new RandomAccessFile(Files.createDirectories(root.resolve("dev"))
                .resolve("mem").toFile(), "rw")) {
            mem.setLength(base + 0x10000);
        }
        // A plain file keeps the Reset bit that the driver writes, so the reset never completes: the DMA "hangs".
        assertThatThrownBy(() -> ZynqDevice.PROVIDER.open(zynq, options(root)))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("AXI DMA axi_dma_0: the reset bit (DMACR.Reset) did not clear within PT0.02S");
        byte[] bin = BitstreamFile.parse(TestFiles.pynqBit(), "x").toBin();
        assertThat(root.resolve("lib/firmware/net.bin")).hasBinaryContent(bin);
        assertThat(manager.resolve("flags")).hasContent("0");
        assertThat(manager.resolve("firmware")).hasContent("net.bin");
        try (RandomAccessFile mem = new RandomAccessFile(root.resolve("dev/mem").toFile(), "r")) {
            mem.seek(base);
            assertThat(Integer.reverseBytes(mem.readInt())).as("MM2S_DMACR written through the mapping")
                    .isEqualTo(AxiDma.CR_RESET);
        }
    }

    @Test
    void aBitstreamForAnotherPartIsRefused(@TempDir Path root) throws IOException {
        FpgaManagerTest.fakeManager(root, "operating");
        writeOverlay();
        Files.write(zynq.file("bitstream").orElseThrow(), TestFiles.bit("design_1_wrapper", "xczu9egffvb1156",
                "d", "t", TestFiles.configData(8)));
        UdmaBufferTest.fakeUdmabuf(root, "udmabuf0", 0x1800_0000L, 1 << 16);
        assertThatThrownBy(() -> ZynqDevice.PROVIDER.open(zynq, options(root)))
                .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("is for part xczu9egffvb1156");
        assertThat(root.resolve("lib/firmware/net.bin")).doesNotExist();
    }
}
