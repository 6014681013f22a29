package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JNA mmap path, on a regular file standing in for /dev/mem. */
class DevMemRegistersTest {

    @TempDir
    Path dir;

    private Path sparseFile(long size) throws IOException {
        Path file = dir.resolve("mem");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    private static int readFile(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, position);
            return b.getInt(0);
        }
    }

    private static void writeFile(Path file, long position, int value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), position);
        }
    }

    @Test
    void writesThroughTheMappingReachTheFileAndBack() throws IOException {
        Path file = sparseFile(5 * 4096);
        long base = 4096 + 0x30; // not page-aligned: the mapping starts at the page below
        try (DevMemRegisters regs = DevMemRegisters.open(file, base, 0x100)) {
            regs.write32(0x00, 0xDEADBEEF);
            regs.write32(0x58, 0x12345678);
            assertThat(readFile(file, base)).isEqualTo(0xDEADBEEF);
            assertThat(readFile(file, base + 0x58)).isEqualTo(0x12345678);
            writeFile(file, base + 0x34, 0x00004001);
            assertThat(regs.read32(0x34)).isEqualTo(0x00004001);
            assertThat(regs.read32(0x00)).isEqualTo(0xDEADBEEF);
        }
    }

    @Test
    void anAddressAbove2GiBIsMappedAtItsFullOffset() throws IOException {
        // The M_AXI_GP1 window starts at 0x80000000: the offset must not be truncated to a signed 32-bit off_t.
        long base = 0x8000_1000L;
        Path file = sparseFile(base + 0x1000);
        try (DevMemRegisters regs = DevMemRegisters.open(file, base, 0x1000)) {
            regs.write32(0x10, 42);
        }
        assertThat(readFile(file, base + 0x10)).isEqualTo(42);
    }

    @Test
    void unalignedOrOutOfWindowOffsetsAndUseAfterCloseAreRefused() throws IOException {
        Path file = sparseFile(4096);
        DevMemRegisters regs = DevMemRegisters.open(file, 0, 0x60);
        assertThatThrownBy(() -> regs.read32(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 32-bit aligned");
        assertThatThrownBy(() -> regs.write32(0x60, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside a 96-byte window");
        assertThatThrownBy(() -> regs.read32(-4)).isInstanceOf(IllegalArgumentException.class);
        regs.close();
        regs.close();
        assertThatThrownBy(() -> regs.read32(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingFileIsAnIoErrorWithErrno() {
        assertThatThrownBy(() -> DevMemRegisters.open(dir.resolve("nope"), 0, 4096)).isInstanceOf(IOException.class)
                .hasMessageContaining("nope: open failed: errno 2");
    }
}
