package io.hgq4j.runtime.zynq;

/**
 * A window of 32-bit device registers, addressed by byte offset from the window's base: the AXI-Lite slave of an IP
 * as the CPU sees it. Offsets must be multiples of 4 inside the window.
 */
public interface Registers extends AutoCloseable {

    /** The window's size in bytes. */
    int size();

    /**
     * Reads the register at {@code offset}.
     *
     * @throws IllegalArgumentException if the offset is unaligned or outside the window
     */
    int read32(int offset);

    /**
     * Writes {@code value} to the register at {@code offset}.
     *
     * @throws IllegalArgumentException if the offset is unaligned or outside the window
     */
    void write32(int offset, int value);

    /** Releases the window (unmaps it); idempotent. */
    @Override
    void close();

    /**
     * Checks a register offset against a window of {@code size} bytes.
     *
     * @throws IllegalArgumentException naming the offset when it is unaligned or out of the window
     */
    static void checkOffset(int offset, int size) {
        if ((offset & 3) != 0 || offset < 0 || offset > size - 4) {
            throw new IllegalArgumentException(String.format("register offset 0x%x is %s a %d-byte window", offset,
                    (offset & 3) != 0 ? "not 32-bit aligned in" : "outside", size));
        }
    }
}
