package io.hgq4j.runtime.zynq;

import java.nio.ByteBuffer;

/**
 * Physically contiguous memory that the AXI DMA reads and writes: its bus address, the CPU's view of it, and the cache
 * maintenance that makes the two agree. On a Zynq the DMA's HP ports do not snoop the CPU caches, so the CPU must
 * {@link #flush} what it wrote before the DMA reads it, and {@link #invalidate} what the DMA wrote before reading it.
 */
public interface DmaBuffer extends AutoCloseable {

    /** The bus (physical) address of byte 0. */
    long physicalAddress();

    /** Its size in bytes. */
    int size();

    /** The CPU's view: a little-endian buffer of {@link #size()} bytes, index 0 at {@link #physicalAddress()}. */
    ByteBuffer view();

    /** Makes the CPU's writes to {@code [offset, offset + length)} visible to the device (sync for device). */
    void flush(int offset, int length);

    /** Makes the device's writes to {@code [offset, offset + length)} visible to the CPU (sync for CPU). */
    void invalidate(int offset, int length);

    /** Releases the mapping; idempotent. */
    @Override
    void close();

    /**
     * Checks a byte range against a buffer of {@code size} bytes.
     *
     * @throws IndexOutOfBoundsException naming the range
     */
    static void checkRange(int offset, int length, int size) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + length + ") outside a DMA buffer of "
                    + size + " bytes");
        }
    }
}
