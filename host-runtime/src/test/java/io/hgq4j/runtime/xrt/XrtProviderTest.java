package io.hgq4j.runtime.xrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.DeviceUnavailableException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the provider checks before it loads XRT; never loads the real library (the locator finds nothing). */
class XrtProviderTest {

    private static final String U55C = "xilinx_u55c_gen3x16_xdma_3_202210_1";

    @TempDir
    Path dir;

    private final XrtLocator nowhere = new XrtLocator(Map.of(), List.of(), null);
    private final XrtProvider provider = new XrtProvider(nowhere, BoardCatalog.builtIn());

    private String reason(Artifact artifact) {
        return assertThrows(DeviceUnavailableException.class, () -> provider.open(artifact, DeviceOptions.defaults()))
                .getMessage();
    }

    @Test
    void isTheXrtKind() {
        assertEquals(DeviceKind.XRT, new XrtProvider().kind());
    }

    @Test
    void aZynqArtifactHasNoXclbin() throws Exception {
        Artifact zynq = TestArtifacts.artifact(dir, "pynq-z2", "zynq-axi-stream", Map.of("bitstream", "x.bit"));
        assertEquals("artifact has no xclbin (target zynq-axi-stream)", reason(zynq));
    }

    @Test
    void anAlveoArtifactMustListItsXclbin() throws Exception {
        Artifact bare = TestArtifacts.artifact(dir, "alveo-u55c", Artifact.TARGET_ALVEO, Map.of());
        assertEquals("artifact has no xclbin (target alveo-kernel, but the manifest lists no xclbin file)",
                reason(bare));
    }

    @Test
    void anUnbuiltXclbinSaysHowToBuildIt() throws Exception {
        Artifact artifact = TestArtifacts.alveo(dir);
        assertEquals("xclbin not built: run make -C " + dir + " xclbin on a machine with Vitis (expected "
                + dir.resolve("alveo/tiny_mlp.xclbin") + ")", reason(artifact));
    }

    @Test
    void aDamagedXclbinIsReportedByTheReader() throws Exception {
        Artifact artifact = TestArtifacts.alveo(dir);
        java.nio.file.Files.createDirectories(dir.resolve("alveo"));
        java.nio.file.Files.writeString(dir.resolve("alveo/tiny_mlp.xclbin"), "not an xclbin");
        assertEquals(dir.resolve("alveo/tiny_mlp.xclbin") + ": xclbin file size is 13 bytes; an xclbin header needs at"
                + " least 456", reason(artifact));
    }

    @Test
    void theXclbinMustBeLinkedForTheBoardsPlatform() throws Exception {
        Artifact artifact = TestArtifacts.alveo(dir);
        Path file = new XclbinWriter().platform("xilinx_u250_gen3x16_xdma_4_1_202210_1")
                .ipLayout(TestArtifacts.KERNEL + ":k1").write(dir.resolve("alveo/tiny_mlp.xclbin"));
        assertEquals(file + " is linked for platform xilinx_u250_gen3x16_xdma_4_1_202210_1, but board alveo-u55c has"
                + " platform " + U55C + "; rebuild with make xclbin (without PLATFORM=)", reason(artifact));
    }

    @Test
    void theXclbinMustHoldTheArtifactsKernel() throws Exception {
        Artifact artifact = TestArtifacts.alveo(dir);
        Path file = new XclbinWriter().platform(U55C).ipLayout("vadd:vadd_1")
                .write(dir.resolve("alveo/tiny_mlp.xclbin"));
        assertEquals(file + " has kernels [vadd] but not tiny_mlp_kernel; it belongs to another build",
                reason(artifact));
    }

    @Test
    void anEmulationImageNeedsTheEmulationMode() throws Exception {
        Artifact artifact = TestArtifacts.alveo(dir);
        Path file = new XclbinWriter().platform(U55C).mode(Xclbin.MODE_SW_EMU).ipLayout(TestArtifacts.KERNEL + ":k1")
                .write(dir.resolve("alveo/tiny_mlp.xclbin"));
        assertEquals(file + " is an emulation image (mode 5); set XCL_EMULATION_MODE to run it, or build for"
                + " hardware", reason(artifact));
    }

    @Test
    void aGoodXclbinGetsAsFarAsLookingForXrt() throws Exception {
        Artifact artifact = TestArtifacts.alveo(dir);
        new XclbinWriter().platform(U55C).ipLayout(TestArtifacts.KERNEL + ":k1")
                .write(dir.resolve("alveo/tiny_mlp.xclbin"));
        assertEquals("no XRT library (libxrt_coreutil.so.2) in XILINX_XRT (unset); install XRT or set XILINX_XRT",
                reason(artifact));
    }
}
