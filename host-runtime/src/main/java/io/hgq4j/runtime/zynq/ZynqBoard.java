package io.hgq4j.runtime.zynq;

import java.util.function.LongSupplier;

/**
 * What {@link ZynqDevice} drives: a board with the overlay loaded, its AXI DMA's registers, a contiguous buffer, and
 * the clock deadlines are measured on. A real board ({@link HardwareZynqBoard}) and the emulated one
 * ({@link EmulatedZynqBoard}) differ only here; the driver code above is the same.
 */
public interface ZynqBoard extends AutoCloseable {

    /** Which board, for {@link io.hgq4j.runtime.DeviceInfo#name()} ({@code zynq:fpga0}). */
    String name();

    /** One line about the overlay and the buffer. */
    String detail();

    /** The AXI DMA as the overlay's {@code .hwh} describes it. */
    HardwareHandoff.AxiDmaCore dma();

    /** The DMA's registers. */
    Registers dmaRegisters();

    /** The contiguous buffer batches go through (input and output regions of it). */
    DmaBuffer buffer();

    /** Nanoseconds for deadlines: {@link System#nanoTime} on a board, simulated time on the emulated one. */
    LongSupplier nanoTime();

    /** Unmaps registers and buffer; idempotent. */
    @Override
    void close();
}
