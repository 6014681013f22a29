package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.runtime.DeviceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpgaManagerTest {

    @TempDir
    Path root;

    /** A fake fpga0: the attributes exist, state says {@code state}. */
    static Path fakeManager(Path root, String state) throws IOException {
        Path dir = Files.createDirectories(root.resolve("sys/class/fpga_manager/fpga0"));
        Files.writeString(dir.resolve("flags"), "2\n");
        Files.writeString(dir.resolve("firmware"), "");
        Files.writeString(dir.resolve("state"), state + "\n");
        return dir;
    }

    @Test
    void programmingWritesTheBinFlagsAndFirmwareName() throws IOException {
        Path dir = fakeManager(root, "operating");
        FpgaManager manager = new FpgaManager(root);
        assertThat(manager.present()).isTrue();
        byte[] bin = {1, 2, 3, 4, 5, 6, 7, 8};
        manager.program("net.bin", bin);
        assertThat(root.resolve("lib/firmware/net.bin")).hasBinaryContent(bin);
        assertThat(dir.resolve("flags")).hasContent("0");
        assertThat(dir.resolve("firmware")).hasContent("net.bin");
        assertThat(manager.state()).isEqualTo("operating");
    }

    @Test
    void aStateOtherThanOperatingAfterLoadingIsAnError() throws IOException {
        fakeManager(root, "write error");
        assertThatThrownBy(() -> new FpgaManager(root).program("net.bin", new byte[4]))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("state 'write error'").hasMessageContaining("expected 'operating'");
    }

    @Test
    void aMissingManagerIsNotPresentAndAMissingAttributeIsNamed() throws IOException {
        assertThat(new FpgaManager(root).present()).isFalse();
        Path dir = fakeManager(root, "operating");
        Files.delete(dir.resolve("flags"));
        assertThatThrownBy(() -> new FpgaManager(root).program("net.bin", new byte[4]))
                .isInstanceOf(DeviceException.class).hasMessageContaining("flags")
                .hasMessageContaining("no such attribute");
    }

    @Test
    void aFirmwareNameWithAFolderIsRefused() throws IOException {
        fakeManager(root, "operating");
        assertThatThrownBy(() -> new FpgaManager(root).program("../etc/x.bin", new byte[4]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
