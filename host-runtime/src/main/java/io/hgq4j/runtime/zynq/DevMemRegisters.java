package io.hgq4j.runtime.zynq;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Registers of an IP through a shared, uncached mapping of {@code /dev/mem} at the IP's physical base address, the
 * way PYNQ's MMIO does it: {@code open(O_RDWR|O_SYNC)} and {@code mmap(PROT_READ|PROT_WRITE, MAP_SHARED)} through
 * libc. With O_SYNC the kernel maps device memory uncached, so every 32-bit access goes to the bus in program order.
 * Works on any file that can be mapped (tests map a regular file).
 */
public final class DevMemRegisters implements Registers {

    private final Path file;
    private final int size;
    private LibC.Mapping mapping;

    private DevMemRegisters(Path file, int size, LibC.Mapping mapping) {
        this.file = file;
        this.size = size;
        this.mapping = mapping;
    }

    /**
     * Maps {@code size} bytes of {@code file} (normally {@code <root>/dev/mem}) at physical address {@code base}.
     *
     * @throws IOException naming the file and errno when it cannot be opened or mapped (not root, no such file)
     * @throws IllegalArgumentException if the base is negative or the size not a positive multiple of 4
     */
    public static DevMemRegisters open(Path file, long base, int size) throws IOException {
        if (base < 0 || size <= 0 || (size & 3) != 0 || (base & 3) != 0) {
            throw new IllegalArgumentException(String.format("cannot map %d bytes at 0x%x: base and size must be"
                    + " positive multiples of 4", size, base));
        }
        return new DevMemRegisters(file, size, LibC.map(file, base, size, true));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int read32(int offset) {
        return pointer(offset).getInt(offset);
    }

    @Override
    public void write32(int offset, int value) {
        pointer(offset).setInt(offset, value);
    }

    private Pointer pointer(int offset) {
        Registers.checkOffset(offset, size);
        LibC.Mapping m = mapping;
        if (m == null) {
            throw new IllegalStateException(file + ": registers already unmapped");
        }
        return m.start();
    }

    @Override
    public void close() {
        if (mapping != null) {
            LibC.unmap(mapping);
            mapping = null;
        }
    }
}
