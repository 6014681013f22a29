package io.hgq4j.runtime.zynq;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical memory of the emulated board: contiguous buffers at made-up bus addresses, which the emulated AXI DMA
 * reads and writes by address. Each buffer models a non-coherent write-back cache: the CPU's view and the memory the
 * DMA sees are separate copies, joined only by {@link DmaBuffer#flush} and {@link DmaBuffer#invalidate}, so a driver
 * that forgets one gets stale data here just as on a board.
 *
 * <p>Not thread-safe; a board is used by one device.
 */
public final class EmulatedMemory {

    /** Where the first buffer goes: inside the Zynq-7000's DDR (0x0 - 0x3FFFFFFF), as a CMA region would be. */
    public static final long FIRST_ADDRESS = 0x1800_0000L;
    private static final long ALIGNMENT = 4096;

    private final List<Buffer> buffers = new ArrayList<>();
    private long next = FIRST_ADDRESS;

    /** Allocates a contiguous buffer of {@code size} bytes at the next free, page-aligned bus address. */
    public DmaBuffer allocate(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a DMA buffer needs at least one byte, got " + size);
        }
        Buffer b = new Buffer(next, size);
        buffers.add(b);
        // A guard page between buffers, so that an overrun shows as a decode error instead of silent corruption.
        next += (size + 2 * ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        return b;
    }

    /**
     * The memory the DMA sees at {@code [address, address + length)}: a little-endian slice, or null when the range is
     * not inside one buffer (the interconnect would answer DECERR).
     */
    ByteBuffer resolve(long address, long length) {
        for (Buffer b : buffers) {
            if (!b.closed && address >= b.address && length >= 0 && address + length <= b.address + b.size) {
                return b.memory.slice((int) (address - b.address), (int) length).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return null;
    }

    private static final class Buffer implements DmaBuffer {
        final long address;
        final int size;
        final ByteBuffer cpu;
        final ByteBuffer memory;
        boolean closed;

        Buffer(long address, int size) {
            this.address = address;
            this.size = size;
            this.cpu = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
            this.memory = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public long physicalAddress() {
            return address;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public ByteBuffer view() {
            return cpu;
        }

        @Override
        public void flush(int offset, int length) {
            DmaBuffer.checkRange(offset, length, size);
            memory.put(offset, cpu, offset, length);
        }

        @Override
        public void invalidate(int offset, int length) {
            DmaBuffer.checkRange(offset, length, size);
            cpu.put(offset, memory, offset, length);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
