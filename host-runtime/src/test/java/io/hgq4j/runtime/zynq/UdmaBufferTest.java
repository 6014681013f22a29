package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** u-dma-buf against fake sysfs attributes and a regular file for /dev/udmabuf0. */
class UdmaBufferTest {

    @TempDir
    Path root;

    /** A fake u-dma-buf {@code name} of {@code size} bytes at {@code phys}. */
    static void fakeUdmabuf(Path root, String name, long phys, int size) throws IOException {
        Path sys = Files.createDirectories(root.resolve("sys/class/u-dma-buf").resolve(name));
        Files.writeString(sys.resolve("phys_addr"), String.format("0x%016x\n", phys));
        Files.writeString(sys.resolve("size"), size + "\n");
        for (String a : new String[] {"sync_offset", "sync_size", "sync_direction", "sync_for_device", "sync_for_cpu",
            "sync_mode"}) {
            Files.writeString(sys.resolve(a), "0\n");
        }
        Files.createDirectories(root.resolve("dev"));
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("dev").resolve(name).toFile(), "rw")) {
            f.setLength(size);
        }
    }

    @Test
    void mapsTheDeviceAndSyncsThroughSysfs() throws IOException {
        fakeUdmabuf(root, "udmabuf1", 0x1F00_0000L, 65536);
        fakeUdmabuf(root, "udmabuf0", 0x1E00_0000L, 8192);
        assertThat(UdmaBuffer.firstDevice(root)).contains("udmabuf0");
        Path sys = root.resolve("sys/class/u-dma-buf/udmabuf1");
        try (UdmaBuffer b = UdmaBuffer.open(root, "udmabuf1")) {
            assertThat(b.physicalAddress()).isEqualTo(0x1F00_0000L);
            assertThat(b.size()).isEqualTo(65536);
            b.view().putInt(256, 0xCAFEF00D);
            b.flush(256, 64);
            assertThat(sys.resolve("sync_offset")).hasContent("256");
            assertThat(sys.resolve("sync_size")).hasContent("64");
            assertThat(sys.resolve("sync_direction")).hasContent("1");
            assertThat(sys.resolve("sync_for_device")).hasContent("1");
            byte[] file = Files.readAllBytes(root.resolve("dev/udmabuf1"));
            assertThat(new byte[] {file[256], file[257], file[258], file[259]})
                    .isEqualTo(new byte[] {0x0D, (byte) 0xF0, (byte) 0xFE, (byte) 0xCA});
            b.invalidate(1024, 32);
            assertThat(sys.resolve("sync_direction")).hasContent("2");
            assertThat(sys.resolve("sync_for_cpu")).hasContent("1");
            assertThatThrownBy(() -> b.flush(65530, 8)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void noDeviceAndBadAttributesAreReported() throws IOException {
        assertThat(UdmaBuffer.firstDevice(root)).isEmpty();
        fakeUdmabuf(root, "udmabuf0", 0x1000, 4096);
        Files.writeString(root.resolve("sys/class/u-dma-buf/udmabuf0/phys_addr"), "zz\n");
        assertThatThrownBy(() -> UdmaBuffer.open(root, "udmabuf0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phys_addr: 'zz' is not a number");
    }
}
